#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ServiceMetrics } from '@fai/observability';
import { readAlertRules } from './alert-rules';
import { OpsConfigError } from './ops-errors';
import { metricFamily, metricNames } from './promql';

/**
 * `npm run smoke -- --base-url <url> [--base-url <url> …] [--token <bearer>] [--read-path /api/v1/…]`:
 * what a platform engineer runs after an upgrade. For every service URL: liveness, readiness,
 * /metrics, and that the platform metrics the alert rules use are exposed. Where a URL serves the
 * API (the gateway): a request without a token is refused with 401, and with --token a read answers 200.
 * Prints one line per check and `N passed, N failed, N skipped`; exits 1 when any check failed.
 */

export type Outcome = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  target: string;
  check: string;
  outcome: Outcome;
  detail: string;
}

export interface HttpAnswer {
  status: number;
  body: string;
}

export type HttpGet = (url: string, headers: Record<string, string>) => Promise<HttpAnswer>;

export interface SmokeOptions {
  baseUrls: string[];
  token?: string;
  readPath: string;
}

const DEFAULT_READ_PATH = '/api/v1/portfolios';

export function smokeOptionsFromArgs(args: string[]): SmokeOptions {
  const { values } = parseArgs({
    args,
    options: {
      'base-url': { type: 'string', multiple: true },
      token: { type: 'string' },
      'read-path': { type: 'string', default: DEFAULT_READ_PATH },
    },
  });
  const baseUrls = (values['base-url'] ?? []).map((url) => url.replace(/\/+$/, ''));
  const invalid = baseUrls.find((url) => !/^https?:\/\/[^/]+/.test(url));
  if (baseUrls.length === 0 || invalid !== undefined) {
    throw new OpsConfigError(
      '--base-url',
      invalid === undefined ? 'is required' : `must be an http(s) URL, got '${invalid}'`,
      'Name each service to check: npm run smoke -- --base-url http://scheduler:3101 --base-url http://gateway:3000',
    );
  }
  return { baseUrls, token: values.token, readPath: values['read-path'] ?? DEFAULT_READ_PATH };
}

/** Platform metrics (declared by every service's registry) that the alert rules query. */
export function alertedPlatformMetrics(): string[] {
  const declared = new Set(
    new ServiceMetrics('smoke').registry.getMetricsAsArray().map((metric) => metric.name),
  );
  const used = readAlertRules().flatMap((rule) => metricNames(rule.expr));
  const families = used.map((name) => metricFamily(name, declared)).filter((name): name is string => !!name);
  return [...new Set(families)].sort();
}

/** The families a Prometheus text exposition declares (`# TYPE <name> <kind>`). */
export function exposedMetrics(text: string): Set<string> {
  return new Set([...text.matchAll(/^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) /gm)].map(([, name]) => name));
}

function result(target: string, check: string, outcome: Outcome, detail: string): CheckResult {
  return { target, check, outcome, detail };
}

function statusCheck(target: string, check: string, answer: HttpAnswer, expected: number): CheckResult {
  const ok = answer.status === expected;
  return result(
    target,
    check,
    ok ? 'pass' : 'fail',
    ok ? `${expected}` : `${answer.status}: ${answer.body.slice(0, 300)}`,
  );
}

export function metricsChecks(target: string, answer: HttpAnswer, alerted: string[]): CheckResult[] {
  if (answer.status !== 200) return [statusCheck(target, 'metrics', answer, 200)];
  const exposed = exposedMetrics(answer.body);
  const missing = alerted.filter((name) => !exposed.has(name));
  return [
    result(target, 'metrics', 'pass', `${exposed.size} metric families`),
    missing.length === 0
      ? result(target, 'alert metrics', 'pass', `${alerted.length} metrics the alert rules use are exposed`)
      : result(target, 'alert metrics', 'fail', `not exposed: ${missing.join(', ')}`),
  ];
}

export function apiChecks(
  target: string,
  anonymous: HttpAnswer,
  authorised: HttpAnswer | undefined,
): CheckResult[] {
  if (anonymous.status === 404) {
    return [result(target, 'api auth', 'skip', 'no API on this URL (only the gateway serves /api/v1)')];
  }
  return [
    statusCheck(target, 'api refuses a request without a token', anonymous, 401),
    authorised === undefined
      ? result(target, 'api read', 'skip', 'pass --token <bearer> to check a read')
      : statusCheck(target, 'api read', authorised, 200),
  ];
}

export async function runSmoke(options: SmokeOptions, get: HttpGet): Promise<CheckResult[]> {
  const alerted = alertedPlatformMetrics();
  const results: CheckResult[] = [];
  for (const base of options.baseUrls) {
    const answer = (path: string, headers: Record<string, string> = {}) =>
      get(`${base}${path}`, headers).catch((error: unknown) => ({
        status: 0,
        body: (error as Error).message,
      }));
    results.push(statusCheck(base, 'live', await answer('/health/live'), 200));
    results.push(statusCheck(base, 'ready', await answer('/health/ready'), 200));
    results.push(...metricsChecks(base, await answer('/metrics'), alerted));
    const anonymous = await answer(options.readPath);
    const authorised =
      options.token && anonymous.status !== 404
        ? await answer(options.readPath, { authorization: `Bearer ${options.token}` })
        : undefined;
    results.push(...apiChecks(base, anonymous, authorised));
  }
  return results;
}

export function summary(results: CheckResult[]): string {
  const count = (outcome: Outcome) => results.filter((item) => item.outcome === outcome).length;
  return `${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`;
}

export const fetchGet: HttpGet = async (url, headers) => {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: await response.text() };
};

async function main(): Promise<number> {
  const results = await runSmoke(smokeOptionsFromArgs(process.argv.slice(2)), fetchGet);
  for (const item of results) {
    console.log(`${item.outcome.toUpperCase().padEnd(4)}  ${item.target}  ${item.check}: ${item.detail}`);
  }
  console.log(summary(results));
  return results.some((item) => item.outcome === 'fail') ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error instanceof OpsConfigError ? `${error.message}\n${error.hint}` : error);
      process.exitCode = 2;
    },
  );
}
