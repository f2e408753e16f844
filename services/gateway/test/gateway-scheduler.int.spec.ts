import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ident } from '@fai/event-store';
import { eventually } from '@fai/testing';
import { freePort } from '@fai/testing';
import { projected, startGatewayWorld, type GatewayWorld } from './gateway-world';

/**
 * The gateway in front of the real scheduler (its built `dist/main.js` as a process) on the real
 * PostgreSQL and NATS: commands go through the gateway to the scheduler's handlers and back, the
 * scheduler's stored events reach the gateway's projections as a relay would bring them, and the
 * rebuild command empties the read models and has them replayed from the stream's first message.
 */
const SCHEDULER_MAIN = join(__dirname, '..', '..', 'scheduler', 'dist', 'main.js');
const GATEWAY_CLI = join(__dirname, '..', 'dist', 'cli.js');
const TENANT = 'tenant-a';
const PORTFOLIO = 'pf-sched';
const FUNDS = [{ fundId: 'fund-7', name: 'Acme World Equity', isins: ['LU0123456789'], shareClasses: [] }];

let world: GatewayWorld;
let scheduler: ChildProcess;
let schedulerSchema: string;
/** Scheduler events already handed to the gateway's stream, by global position. */
let bridged = 0;

beforeAll(async () => {
  for (const built of [SCHEDULER_MAIN, GATEWAY_CLI])
    if (!existsSync(built)) throw new Error(`not built: ${built}; run \`npm run build\` first`);
  world = await startGatewayWorld();
  schedulerSchema = `${world.prefix}_scheduler`;
  const { NODE_OPTIONS: _jest, ...inherited } = process.env;
  scheduler = spawn(process.execPath, [SCHEDULER_MAIN], {
    env: {
      ...inherited,
      FAI_PG_URL: world.env.FAI_PG_URL,
      FAI_NATS_URL: world.env.FAI_NATS_URL,
      FAI_PG_SCHEMA: schedulerSchema,
      // The scheduler's own stream captures none of its subjects: this test bridges its events itself.
      FAI_EVENT_STREAM: `${world.prefix}_sched`.toUpperCase(),
      FAI_EVENT_STREAM_SUBJECTS: `${world.prefix}-sched.>`,
      FAI_DLQ_STREAM: `${world.prefix}_sched_dlq`.toUpperCase(),
      FAI_DLQ_STREAM_SUBJECTS: `${world.prefix}-sched-dlq.>`,
      FAI_COMMAND_SUBJECT_PREFIX: world.commandPrefix,
      FAI_HTTP_PORT: String(await freePort()),
      FAI_LOG_LEVEL: 'error',
      FAI_SCHEDULER_TICK_MS: '3600000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await eventually(
    'scheduler answering commands',
    async () => {
      if (scheduler.exitCode !== null) throw new Error(`the scheduler exited with ${scheduler.exitCode}`);
      const { rows } = await world.db.query(
        `SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'portfolio_schedule'`,
        [schedulerSchema],
      );
      return rows.length > 0 ? true : undefined;
    },
    45_000,
  );
}, 120_000);

afterAll(async () => {
  if (scheduler && scheduler.exitCode === null) {
    const exited = new Promise((resolve) => scheduler.once('exit', resolve));
    scheduler.kill('SIGTERM');
    await exited;
  }
  await world?.db.query(`DROP SCHEMA IF EXISTS ${ident(schedulerSchema)} CASCADE`);
  const jsm = await world?.nc.jetstreamManager();
  for (const stream of [`${world.prefix}_sched`, `${world.prefix}_sched_dlq`])
    await jsm?.streams.delete(stream.toUpperCase()).catch(() => false);
  await world?.close();
}, 60_000);

/** Publishes the scheduler's new events on the gateway's stream as CloudEvents, as its relay would. */
async function bridgeSchedulerEvents(): Promise<void> {
  const { rows } = await world.db.query<{
    global_position: string;
    event_id: string;
    event_type: string;
    data: Record<string, unknown>;
    metadata: Record<string, string>;
    recorded_at: Date;
  }>(
    `SELECT global_position::text, event_id::text, event_type, data, metadata, recorded_at FROM ${ident(schedulerSchema)}.events
      WHERE global_position > $1 ORDER BY global_position`,
    [bridged],
  );
  for (const row of rows) {
    const { actor, tenantId, portfolioId, cycleId, runId, correlationId } = row.metadata;
    await world.publish(row.event_type, row.data, {
      id: row.event_id,
      source: 'fai/scheduler',
      time: row.recorded_at.toISOString(),
      correlationid: correlationId,
      ...(actor ? { actor } : {}),
      ...(tenantId ? { tenantid: tenantId } : {}),
      ...(portfolioId ? { portfolioid: portfolioId } : {}),
      ...(cycleId ? { cycleid: cycleId } : {}),
      ...(runId ? { runid: runId } : {}),
    });
    bridged = Number(row.global_position);
  }
}

/** A reply body, read loosely: the assertions say what it must hold. */
type Reply = {
  data: Record<string, never> & {
    cycleId: string;
    runId: string;
    runs: Array<{ timeline: Array<{ event: string }> }>;
  };
  ids: unknown;
  items: unknown[];
  code?: string;
};

async function call(
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${world.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: (await response.json()) as Reply,
  };
}

describe('the gateway in front of the scheduler', () => {
  let admin: string;
  let operator: string;
  let cycleId: string;

  beforeAll(async () => {
    admin = await world.token({
      subject: 'admin-1',
      roles: ['administrator'],
      tenantId: TENANT,
      portfolios: ['*'],
    });
    operator = await world.token({
      subject: 'operator-1',
      roles: ['operator'],
      tenantId: TENANT,
      portfolios: [PORTFOLIO],
    });
  });

  it('registers a portfolio in the caller’s tenant; a retry with the same Idempotency-Key is the same command', async () => {
    const request = {
      portfolioId: PORTFOLIO,
      name: 'Global Equity',
      baseCurrency: 'EUR',
      funds: FUNDS,
      reason: 'Onboarding.',
    };
    const first = await eventually(
      'scheduler to answer',
      async () => {
        const reply = await call(admin, 'POST', '/api/v1/portfolios', request, {
          'idempotency-key': 'register-1',
        });
        return reply.status === 503 ? undefined : reply;
      },
      30_000,
    );
    expect(first).toMatchObject({ status: 201, body: { data: { portfolioId: PORTFOLIO, changed: true } } });
    const retry = await call(admin, 'POST', '/api/v1/portfolios', request, {
      'idempotency-key': 'register-1',
    });
    expect(retry.body.data).toEqual(first.body.data);
    const again = await call(admin, 'POST', '/api/v1/portfolios', request, {
      'idempotency-key': 'register-2',
    });
    expect(again).toMatchObject({
      status: 409,
      type: expect.stringContaining('application/problem+json'),
      body: { code: 'PORTFOLIO_ALREADY_REGISTERED' },
    });
    const { rows } = await world.db.query(
      `SELECT data FROM ${ident(schedulerSchema)}.events WHERE event_type = 'PortfolioRegistered'`,
    );
    expect(rows).toEqual([{ data: expect.objectContaining({ tenantId: TENANT, actor: 'admin-1' }) }]);
  });

  it('reads the registered portfolio and finds its fund by ISIN from the gateway’s own read models', async () => {
    await bridgeSchedulerEvents();
    await projected(world, 'portfolio', PORTFOLIO);
    const portfolio = await call(operator, 'GET', `/api/v1/portfolios/${PORTFOLIO}`);
    expect(portfolio).toMatchObject({
      status: 200,
      body: { data: { portfolioId: PORTFOLIO, tenantId: TENANT, funds: FUNDS } },
    });
    const found = await call(operator, 'GET', '/api/v1/funds?isin=LU0123456789');
    expect(found.body.items).toEqual([
      expect.objectContaining({ fundId: 'fund-7', portfolioId: PORTFOLIO, status: 'active' }),
    ]);
  });

  it('opens an ad hoc cycle as the operator, refuses a second one, and shows the run with its operator', async () => {
    const invalid = await call(operator, 'POST', '/api/v1/cycles', {
      portfolioId: PORTFOLIO,
      period: '2026-13',
      reason: 'x',
    });
    expect(invalid).toMatchObject({ status: 400, body: { code: 'REQUEST_INVALID' } });
    const opened = await call(operator, 'POST', '/api/v1/cycles', {
      portfolioId: PORTFOLIO,
      period: '2026-10',
      reason: 'Manager restated holdings.',
    });
    expect(opened.status).toBe(201);
    cycleId = opened.body.data.cycleId;
    expect(opened.body.ids).toEqual({ cycleId, runId: opened.body.data.runId });
    const twice = await call(operator, 'POST', '/api/v1/cycles', {
      portfolioId: PORTFOLIO,
      period: '2026-10',
      reason: 'Again.',
    });
    expect(twice).toMatchObject({
      status: 409,
      body: { code: 'CYCLE_ALREADY_OPEN', details: { existingCycleId: cycleId } },
    });

    await bridgeSchedulerEvents();
    await projected(world, 'cycle', cycleId, (doc) => (doc.runs as unknown[]).length === 1);
    const detail = await call(operator, 'GET', `/api/v1/cycles/${cycleId}`);
    expect(detail).toMatchObject({
      status: 200,
      body: {
        data: {
          cycleId,
          portfolioId: PORTFOLIO,
          kind: 'adhoc',
          state: 'running',
          assignments: { operator: 'operator-1' },
        },
        ids: { cycleId, runId: opened.body.data.runId },
      },
    });
    expect(detail.body.data.runs[0].timeline.map((entry) => entry.event)).toContain('RunStarted');
  });

  it('rebuilds its read models from the first message of the stream with the rebuild command', async () => {
    const { NODE_OPTIONS: _jest, ...inherited } = process.env;
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [GATEWAY_CLI, 'rebuild-projections'], {
        env: { ...inherited, ...world.env },
      });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.once('exit', (code) =>
        code === 0 ? resolve(stdout) : reject(new Error(`rebuild exited ${code}`)),
      );
    });
    expect(JSON.parse(output)).toEqual({ command: 'rebuild-projections', generation: 2, outcome: 'reset' });
    const replayed = await projected(world, 'cycle', cycleId, (doc) => (doc.runs as unknown[]).length === 1);
    expect(replayed).toMatchObject({ cycleId, portfolioId: PORTFOLIO });
    const { rows } = await world.db.query<{ consumer: string }>(
      `SELECT DISTINCT consumer FROM ${ident(world.schema)}.processed_events ORDER BY consumer`,
    );
    expect(rows.map((row) => row.consumer)).toEqual(['gateway-projections-g1', 'gateway-projections-g2']);
    const read = await call(operator, 'GET', `/api/v1/portfolios/${PORTFOLIO}`);
    expect(read.status).toBe(200);
  });

  it('limits each client’s requests per window: the one past the limit gets 429 RATE_LIMITED', async () => {
    const flooder = await world.token({
      subject: 'flooder',
      roles: ['read-only'],
      tenantId: TENANT,
      portfolios: [PORTFOLIO],
    });
    const limit = 600; // FAI_RATE_LIMIT's default, per minute
    const statuses: number[] = [];
    for (let sent = 0; sent < limit; sent += 50)
      statuses.push(
        ...(await Promise.all(
          Array.from(
            { length: 50 },
            async () =>
              (await fetch(`${world.url}/api/v1/me`, { headers: { authorization: `Bearer ${flooder}` } }))
                .status,
          ),
        )),
      );
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    const refused = await fetch(`${world.url}/api/v1/me`, {
      headers: { authorization: `Bearer ${flooder}` },
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.json()).toMatchObject({ code: 'RATE_LIMITED' });
    const other = await call(operator, 'GET', '/api/v1/me');
    expect(other.status).toBe(200);
  });
});
