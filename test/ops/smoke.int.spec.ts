import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PgDatabase, ident } from '@fai/event-store';
import { freePort, PG_URL, NATS_URL, uniqueName } from '@fai/testing';
import { connect } from 'nats';

/**
 * `npm run smoke` against a service started as it is deployed (its built dist/main.js on the real
 * PostgreSQL and NATS). Run `npm run build` first when running this file alone.
 */
const ROOT = join(__dirname, '..', '..');
const SMOKE = join(ROOT, 'ops', 'dist', 'smoke.js');
const prefix = uniqueName('smoke');
const env = {
  FAI_PG_URL: PG_URL,
  FAI_NATS_URL: NATS_URL,
  FAI_PG_SCHEMA: prefix,
  FAI_LOG_LEVEL: 'error',
  FAI_SHUTDOWN_GRACE_MS: '5000',
  FAI_EVENT_STREAM: `${prefix}_events`.toUpperCase(),
  FAI_EVENT_STREAM_SUBJECTS: `${prefix}.>`,
  FAI_DLQ_STREAM: `${prefix}_dlq`.toUpperCase(),
  FAI_DLQ_STREAM_SUBJECTS: `${prefix}-dlq.>`,
  FAI_COMMAND_SUBJECT_PREFIX: `${prefix}-cmd`,
};
let scheduler: ChildProcess;
let port: number;

async function untilReady(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} never answered 200`);
}

async function smoke(...args: string[]): Promise<{ code: number; lines: string[] }> {
  const { NODE_OPTIONS: _jestOptions, ...inherited } = process.env;
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [SMOKE, ...args], { env: inherited });
    return { code: 0, lines: stdout.trim().split('\n') };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, lines: failed.stdout.trim().split('\n') };
  }
}

beforeAll(async () => {
  port = await freePort();
  const { NODE_OPTIONS: _jestOptions, ...inherited } = process.env;
  scheduler = spawn(process.execPath, [join(ROOT, 'services', 'scheduler', 'dist', 'main.js')], {
    cwd: ROOT,
    env: { ...inherited, ...env, FAI_HTTP_PORT: String(port) },
    stdio: 'ignore',
  });
  await untilReady(`http://127.0.0.1:${port}/health/ready`, Date.now() + 45_000);
}, 60_000);

afterAll(async () => {
  if (scheduler.exitCode === null) {
    const exited = new Promise((resolve) => scheduler.once('exit', resolve));
    scheduler.kill('SIGTERM');
    await exited;
  }
  const db = new PgDatabase({ connectionString: PG_URL });
  await db.query(`DROP SCHEMA IF EXISTS ${ident(prefix)} CASCADE`);
  await db.close();
  const nc = await connect({ servers: NATS_URL });
  const jsm = await nc.jetstreamManager();
  for (const stream of [env.FAI_EVENT_STREAM, env.FAI_DLQ_STREAM])
    await jsm.streams.delete(stream).catch(() => false);
  await nc.close();
});

describe('npm run smoke', () => {
  it('passes against a running service: live, ready, metrics and the alerted metrics; no API there', async () => {
    const base = `http://127.0.0.1:${port}`;
    const { code, lines } = await smoke('--base-url', base);
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^PASS  ${base}  live: 200$`)),
      expect.stringMatching(/^PASS {2}.* ready: 200$/),
      expect.stringMatching(/^PASS {2}.* metrics: [0-9]+ metric families$/),
      expect.stringMatching(/^PASS {2}.* alert metrics: [0-9]+ metrics the alert rules use are exposed$/),
      expect.stringMatching(/^SKIP {2}.* api auth: no API on this URL/),
      '4 passed, 0 failed, 1 skipped',
    ]);
    expect(code).toBe(0);
  });

  it('fails, exit 1, when a service does not answer', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const { code, lines } = await smoke('--base-url', `http://127.0.0.1:${port}`, '--base-url', closed);
    expect(lines.filter((line) => line.startsWith(`FAIL  ${closed}  live`))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^4 passed, [1-9][0-9]* failed/);
    expect(code).toBe(1);
  });

  it('refuses to run without a base URL, exit 2', async () => {
    const { code } = await smoke();
    expect(code).toBe(2);
  });
});
