import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { POLL_MS } from './event-log';
import { eventually } from './eventually';

/** The repository root: from libs/testing/src (tests) and libs/testing/dist (benchmarks) alike. */
const ROOT = join(__dirname, '..', '..', '..');
const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 15_000;

/** One service running as deployed: its built `dist/main.js` in a process of its own. */
export interface ServiceProcess {
  service: string;
  port: number;
  child: ChildProcess;
  stderr: string[];
  exited: Promise<number | null>;
}

export function mainOf(service: string): string {
  return join(ROOT, 'services', service, 'dist', 'main.js');
}

/** Throws naming every service not built yet: the e2e project runs after `npm run build`. */
export function assertBuilt(services: readonly string[]): void {
  const missing = services.filter((service) => !existsSync(mainOf(service)));
  if (missing.length > 0) throw new Error(`not built: ${missing.join(', ')}; run \`npm run build\` first`);
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts the service with `env` over the test's own environment and resolves once /health/ready is 200;
 * `started` sees the process at once, so a caller can stop it even when it never becomes ready.
 * Its log (JSON lines on stdout) goes to `logFile` when given, else nowhere.
 */
export async function startService(
  service: string,
  env: NodeJS.ProcessEnv,
  started: (running: ServiceProcess) => void,
  logFile?: string,
): Promise<ServiceProcess> {
  const port = await freePort();
  // Jest's NODE_OPTIONS (VM modules), or a benchmark's, are not the service's.
  const { NODE_OPTIONS: _jestOptions, ...inherited } = process.env;
  const log = logFile ? openSync(logFile, 'a') : 'ignore';
  // A V8 CPU profile per service, written when it exits: where a cycle's time goes.
  const profileDir = process.env.FAI_SERVICE_CPU_PROFILE_DIR;
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}/${service}`] : [];
  const child = spawn(process.execPath, [...profile, mainOf(service)], {
    cwd: ROOT,
    env: { ...inherited, ...env, FAI_HTTP_PORT: String(port) },
    stdio: ['ignore', log, 'pipe'],
  });
  // The child has its own copy of the descriptor.
  if (typeof log === 'number') closeSync(log);
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const running = { service, port, child, stderr, exited };
  started(running);
  await eventually(
    `${service} to become ready`,
    async () => {
      if (child.exitCode !== null) throw new Error(`${service} exited:\n${stderr.join('')}`);
      const status = await fetch(`http://127.0.0.1:${port}/health/ready`, {
        signal: AbortSignal.timeout(2_000),
      })
        .then((response) => response.status)
        .catch(() => undefined);
      return status === 200 ? true : undefined;
    },
    READY_TIMEOUT_MS,
    POLL_MS,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; its stderr:\n${stderr.join('')}`);
  });
  return running;
}

/** SIGTERM, then SIGKILL if the process outlives its grace period. */
export async function stopService(running: ServiceProcess): Promise<void> {
  const { child } = running;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await running.exited.finally(() => clearTimeout(timer));
}
