import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PgDatabase, ident } from '@fai/event-store';
import { freePort, PG_URL, NATS_URL, uniqueName } from '@fai/testing';
import { connect } from 'nats';

/**
 * Each service as it is deployed: its built `dist/main.js` in a process of its own, against the real
 * PostgreSQL and NATS. `npm test` builds first; run `npm run build` before running this file alone.
 */
const SERVICES = ['scheduler', 'ingest', 'extraction', 'validation', 'reporting', 'approval', 'gateway'];
const ROOT = join(__dirname, '..');
const GRACE_MS = 5_000;
// Seven Node processes starting at once on two cores.
const READY_TIMEOUT_MS = 60_000;
const POLL_MS = 100;
// Per test: Jest reads `testTimeout` from the root config only, not from a project.
const TEST_TIMEOUT_MS = READY_TIMEOUT_MS + GRACE_MS + 30_000;

interface ServiceProcess {
  service: string;
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const prefix = uniqueName('e2e');
const streams = {
  FAI_EVENT_STREAM: `${prefix}_events`.toUpperCase(),
  FAI_EVENT_STREAM_SUBJECTS: `${prefix}.>`,
  FAI_DLQ_STREAM: `${prefix}_dlq`.toUpperCase(),
  FAI_DLQ_STREAM_SUBJECTS: `${prefix}-dlq.>`,
};
const schemaOf = (service: string) => `${prefix}_${service}`;
const started: ServiceProcess[] = [];

function start(service: string, env: NodeJS.ProcessEnv): ServiceProcess {
  // Jest's NODE_OPTIONS (VM modules) are not the service's.
  const { NODE_OPTIONS: _jestOptions, ...inherited } = process.env;
  const child = spawn(process.execPath, [join(ROOT, 'services', service, 'dist', 'main.js')], {
    cwd: ROOT,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const running: ServiceProcess = {
    service,
    child,
    stdout: [],
    stderr: [],
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
  };
  child.stdout!.on('data', (chunk: Buffer) => running.stdout.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => running.stderr.push(chunk.toString()));
  started.push(running);
  return running;
}

function lines(chunks: string[]): string[] {
  return chunks.join('').split('\n').filter(Boolean);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function readyStatus(port: number): Promise<number | undefined> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2_000) }))
      .status;
  } catch {
    return undefined; // not listening yet
  }
}

/** Resolves when /health/ready answers 200; rejects if the process exits first or the wait runs out. */
async function untilReady(running: ServiceProcess, port: number): Promise<void> {
  let exited = false;
  void running.exited.then(() => (exited = true));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!exited && Date.now() < deadline) {
    if ((await readyStatus(port)) === 200) return;
    await sleep(POLL_MS);
  }
  throw new Error(
    `${running.service} never became ready${exited ? ' (it exited)' : ''}:\n${running.stderr.join('')}`,
  );
}

function withinMs<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Starts the service, waits until it is ready, sends SIGTERM and returns how it exited and what it wrote. */
async function runAndStop(service: string) {
  const port = await freePort();
  const running = start(service, {
    FAI_PG_URL: PG_URL,
    FAI_NATS_URL: NATS_URL,
    FAI_PG_SCHEMA: schemaOf(service),
    FAI_HTTP_PORT: String(port),
    FAI_SHUTDOWN_GRACE_MS: String(GRACE_MS),
    // Consumers follow the other services' subjects under this run's prefix, inside its stream.
    FAI_INGEST_SCHEDULER_SUBJECTS: `${prefix}.scheduler.>`,
    FAI_EXTRACTION_SOURCE_PREFIX: prefix,
    FAI_VALIDATION_SOURCE_PREFIX: prefix,
    FAI_REPORTING_SOURCE_PREFIX: prefix,
    FAI_APPROVAL_SOURCE_PREFIX: prefix,
    FAI_INGEST_REPORTING_SUBJECTS: `${prefix}.reporting.report-published.v1`,
    // The gateway needs an identity provider: in dev its own token issuer stands in for one.
    ...(service === 'gateway' ? { FAI_DEV_TOKEN_ISSUER: 'true' } : {}),
    ...streams,
  });
  await untilReady(running, port);
  const stopping = Date.now();
  running.child.kill('SIGTERM');
  const exit = await withinMs(running.exited, GRACE_MS + 2_000, `${service} shutdown`);
  return {
    service,
    exit,
    stoppedInMs: Date.now() - stopping,
    stdout: lines(running.stdout),
    stderr: lines(running.stderr),
  };
}

describe('the seven services as processes', () => {
  beforeAll(() => {
    const missing = SERVICES.filter(
      (service) => !existsSync(join(ROOT, 'services', service, 'dist', 'main.js')),
    );
    if (missing.length > 0) throw new Error(`not built: ${missing.join(', ')}; run \`npm run build\` first`);
  });

  afterAll(async () => {
    for (const { child } of started)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    const db = new PgDatabase({ connectionString: PG_URL, max: 1 });
    for (const service of SERVICES)
      await db.query(`DROP SCHEMA IF EXISTS ${ident(schemaOf(service))} CASCADE`);
    await db.close();
    const nc = await connect({ servers: NATS_URL });
    const jsm = await nc.jetstreamManager();
    for (const stream of [streams.FAI_EVENT_STREAM, streams.FAI_DLQ_STREAM])
      await jsm.streams.delete(stream).catch(() => undefined);
    await nc.close();
  }, TEST_TIMEOUT_MS);

  it(
    'each becomes ready, then exits with code 0 within the grace period on SIGTERM, logging JSON lines',
    async () => {
      const results = await Promise.all(SERVICES.map(runAndStop));
      for (const result of results) {
        expect({ service: result.service, ...result.exit }).toEqual({
          service: result.service,
          code: 0,
          signal: null,
        });
        expect(result.stoppedInMs).toBeLessThan(GRACE_MS);
        expect(result.stderr).toEqual([]);
        for (const line of result.stdout) expect(JSON.parse(line)).toMatchObject({ service: result.service });
        expect(result.stdout.map((line) => JSON.parse(line).message)).toEqual(
          expect.arrayContaining(['platform started', 'shutting down', 'platform stopped', 'stopped']),
        );
      }
      const nc = await connect({ servers: NATS_URL });
      const jsm = await nc.jetstreamManager();
      expect((await jsm.streams.info(streams.FAI_EVENT_STREAM)).config.subjects).toEqual([
        streams.FAI_EVENT_STREAM_SUBJECTS,
      ]);
      await nc.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'exits with code 1 and one error line naming every bad setting when its config is invalid',
    async () => {
      const running = start('gateway', { FAI_HTTP_PORT: 'eighty', FAI_LOG_LEVEL: 'loud' });
      const exit = await withinMs(running.exited, 15_000, 'gateway with invalid settings');
      expect(exit).toEqual({ code: 1, signal: null });
      expect(lines(running.stdout)).toEqual([]);
      const errors = lines(running.stderr);
      expect(errors).toHaveLength(1);
      const record = JSON.parse(errors[0]);
      expect(record).toMatchObject({ level: 'error', service: 'gateway', error_code: 'CONFIG_INVALID' });
      expect(record.message).toMatch(/^gateway cannot start: Configuration is invalid/);
      expect(record.message).toContain('FAI_HTTP_PORT');
      expect(record.message).toContain('FAI_LOG_LEVEL');
    },
    TEST_TIMEOUT_MS,
  );
});
