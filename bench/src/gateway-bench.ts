import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CHANGE_CATEGORIES,
  exceptionRaisedV1,
  portfolioRegisteredV1,
  type AnyEventContract,
} from '@fai/contracts';
import { ident, PgDatabase } from '@fai/event-store';
import type { DocumentProjection, ProjectedEvent } from '@fai/gateway/dist/projections/document-projection';
import { exceptionProjection } from '@fai/gateway/dist/exceptions/exception.projection';
import { portfolioProjection } from '@fai/gateway/dist/portfolios/portfolio.projection';
// The gateway's own fold of events through a projection's evolve, as its projection consumer applies them.
import { exampleEvent, fold } from '@fai/gateway/dist/projections/projection-fixture';
import { SeededRandom } from '@fai/sample-data/dist/random';
import { freePort, PG_URL, NATS_URL, uniqueName } from '@fai/testing';
import { connect } from 'nats';
import { cpuMsOf } from './proc';
import { percentile, type Figure } from './report';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const RATE = Number(process.env.BENCH_GATEWAY_RATE ?? 200);
const EXCEPTIONS = Number(process.env.BENCH_GATEWAY_EXCEPTIONS ?? 100_000);
const GATEWAY_MAIN = join(__dirname, '..', '..', 'services', 'gateway', 'dist', 'main.js');
const TENANT = 'tenant-bench';
const PORTFOLIO = 'pf-bench';
const FUNDS = 200;
const FUND_IDS = Array.from({ length: FUNDS }, (_, n) => `fund-${n}`);
const CYCLES = 12;
const SEVERITIES = ['high', 'medium', 'low'] as const;
/** Rows per INSERT while seeding. */
const SEED_BATCH = 5_000;
/** Next-page cursors collected before the load, replayed during it. */
const CURSOR_PAGES = 40;
const PAGE = 50;
/** The closed-loop capacity run: readers always waiting on a response, for this long. */
const READERS = 8;
const CAPACITY_SECONDS = 3;
/**
 * Gateway processes behind the load, each on its own port, requests spread round robin: replicas as
 * the Helm chart runs them (staging and prod: 2). The first issues the token; the others trust its JWKS.
 */
const PROCESSES = Number(process.env.BENCH_GATEWAY_PROCESSES ?? 1);
/** A folder for a V8 CPU profile of the gateway process (`--cpu-prof`), when set. */
const PROFILE_DIR = process.env.BENCH_GATEWAY_PROFILE_DIR;
/** An event of a contract, its example's data with `data` over it, at `at`. */
function event(contract: AnyEventContract, data: Record<string, unknown>, at: string): ProjectedEvent {
  return exampleEvent(
    contract,
    { ...data, at },
    { id: `${contract.name}-${String(data.exceptionId ?? data.portfolioId)}`, time: at },
  );
}

/**
 * The events behind one queued exception: raised, then for some monitored or resolved, so the
 * statuses are the projection's own. Materiality totals are decimal strings built from integer cents.
 */
function exceptionEvents(n: number, random: SeededRandom): ProjectedEvent[] {
  const exceptionId = `exc-${String(n).padStart(6, '0')}`;
  const severity = random.pick(SEVERITIES);
  const cents = random.int(0, 99_999_999);
  const raised = event(
    exceptionRaisedV1,
    {
      exceptionId,
      portfolioId: PORTFOLIO,
      cycleId: `cycle-${n % CYCLES}`,
      runId: `run-${n % CYCLES}`,
      fundId: random.pick(FUND_IDS),
      severity,
      category: random.pick(CHANGE_CATEGORIES),
      materiality: {
        ...(exceptionRaisedV1.example as { materiality: Record<string, unknown> }).materiality,
        total: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
        severity,
      },
    },
    new Date(Date.UTC(2026, 9, 1) + n * 1000).toISOString(),
  );
  const fate = random.next();
  const later = (name: string, data: Record<string, unknown>): ProjectedEvent => ({
    ...raised,
    id: `${name}-${exceptionId}`,
    name,
    data: { exceptionId, actor: 'reviewer-1', ...data },
  });
  if (fate < 0.6) return [raised];
  if (fate < 0.75) return [raised, later('ExceptionMonitoringStarted', { rationale: 'watch next cycle' })];
  return [
    raised,
    later('ExceptionResolved', { action: 'accept', rationale: 'checked against the prospectus' }),
  ];
}

/**
 * Writes folded documents into the projection's table in bulk: the rows the projection consumer
 * would write (id, doc and the projection's own columns), many per statement instead of one per event.
 */
async function insertRows<D>(
  db: PgDatabase,
  schema: string,
  projection: DocumentProjection<D>,
  docs: Map<string, D>,
): Promise<void> {
  const table = `${ident(schema)}.${ident(projection.table)}`;
  const rows = [...docs].map(([id, doc]) => ({ id, doc, ...projection.columns(doc) }));
  for (let start = 0; start < rows.length; start += SEED_BATCH)
    await db.query(`INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`, [
      JSON.stringify(rows.slice(start, start + SEED_BATCH)),
    ]);
  await db.query(`ANALYZE ${table}`);
}

async function seed(db: PgDatabase, schema: string): Promise<void> {
  const registered = event(
    portfolioRegisteredV1,
    { portfolioId: PORTFOLIO, tenantId: TENANT, name: 'Benchmark portfolio' },
    '2026-10-01T00:00:00.000Z',
  );
  await insertRows(db, schema, portfolioProjection, fold(portfolioProjection, registered));
  const random = new SeededRandom('gateway-bench');
  // Each exception's events are its own stream: folded one exception at a time.
  const docs = Array.from({ length: EXCEPTIONS }, (_, n) => [
    ...fold(exceptionProjection, ...exceptionEvents(n, random)),
  ]).flat();
  await insertRows(db, schema, exceptionProjection, new Map(docs));
  const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${ident(schema)}.exception`);
  if (Number(rows[0].n) !== EXCEPTIONS) throw new Error(`seeded ${rows[0].n} exceptions, not ${EXCEPTIONS}`);
}

async function waitFor(what: string, probe: () => Promise<boolean>, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await probe().catch(() => false))) {
    if (child.exitCode !== null) throw new Error(`the gateway exited with ${child.exitCode} before ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

interface Outcome {
  /** From the request's scheduled send time, so a late send counts against it. */
  latencyMs: number;
  /** The HTTP status, or what kept the request from getting one. */
  status: string;
}

/** Failed requests by status, e.g. `429 ×3, UND_ERR_CONNECT_TIMEOUT ×12`; `none` when all answered 200. */
function failuresOf(results: Outcome[]): string {
  const counts = new Map<string, number>();
  for (const { status } of results) if (status !== '200') counts.set(status, (counts.get(status) ?? 0) + 1);
  return counts.size === 0 ? 'none' : [...counts].map(([status, count]) => `${status} ×${count}`).join(', ');
}

/** One kind of queue read: the first page, a page filtered on a column, or a next page. */
interface QueueRead {
  filter?: { column: string; param: string; values: readonly string[] };
  cursor?: true;
}

/**
 * The request mix, request i reading MIX[i % 10]: the queue's first page by materiality (3 in 10),
 * pages filtered by severity, fund, status and category (4 in 10), next pages from cursors (3 in 10).
 */
const MIX: readonly QueueRead[] = [
  {},
  {},
  {},
  { filter: { column: 'severity', param: 'severity', values: SEVERITIES } },
  { filter: { column: 'fund_id', param: 'fundId', values: FUND_IDS } },
  { filter: { column: 'status', param: 'status', values: ['resolved', 'monitoring'] } },
  { filter: { column: 'category', param: 'category', values: CHANGE_CATEGORIES } },
  { cursor: true },
  { cursor: true },
  { cursor: true },
];

const QUEUE_PATH = `/api/v1/exceptions?portfolioId=${PORTFOLIO}&limit=${PAGE}`;

function requestPath(i: number, cursors: readonly string[]): string {
  const { filter, cursor } = MIX[i % MIX.length];
  if (cursor) return `${QUEUE_PATH}&cursor=${cursors[i % cursors.length]}`;
  return filter ? `${QUEUE_PATH}&${filter.param}=${filter.values[i % filter.values.length]}` : QUEUE_PATH;
}

/** Walks the default queue page by page, keeping each next-page cursor (deep pages included). */
async function collectCursors(url: string, headers: Record<string, string>): Promise<string[]> {
  const cursors: string[] = [];
  let path = QUEUE_PATH;
  for (let page = 0; page < CURSOR_PAGES; page++) {
    const response = await fetch(`${url}${path}`, { headers });
    if (!response.ok)
      throw new Error(`queue page ${page} answered ${response.status}: ${await response.text()}`);
    const { nextCursor } = (await response.json()) as { nextCursor?: string };
    if (!nextCursor) break;
    cursors.push(encodeURIComponent(nextCursor));
    path = `${QUEUE_PATH}&cursor=${encodeURIComponent(nextCursor)}`;
  }
  return cursors;
}

/** A SQL string literal of a generated name. */
function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** The page query the gateway sends for a read of the mix, with pgbench variables for the choices. */
function queueSql(read: QueueRead, schema: string): string {
  const where = [`portfolio_id = ${literal(PORTFOLIO)}`];
  const { filter } = read;
  if (filter)
    where.push(
      `${filter.column} = (ARRAY[${filter.values.map(literal).join(', ')}])[:pick % ${filter.values.length} + 1]`,
    );
  if (filter?.column !== 'status') where.push(`status IN ('open', 'monitoring')`);
  if (read.cursor)
    where.push(`(materiality, id) < (SELECT materiality, id FROM ${schema}.bench_cursor WHERE page = :page)`);
  return `SELECT id, doc, portfolio_id, cycle_id, fund_id, severity, status, category, assignee, materiality FROM ${schema}.exception WHERE ${where.join(' AND ')} ORDER BY materiality DESC, id DESC LIMIT ${PAGE + 1};`;
}

/**
 * The raw ceiling: the SQL of one queue read (the scope's portfolio lookup, the page, the audit
 * row) in the same mix, sent by pgbench at the same arrival rate (its -R: Poisson arrivals, latency
 * from the scheduled start), without HTTP, tokens or Node. Milliseconds, sorted.
 */
async function pgbenchLatencies(db: PgDatabase, schemaName: string): Promise<number[]> {
  const schema = ident(schemaName);
  // The positions after the first pages of the default queue, as the gateway's cursors hold them.
  await db.query(
    `CREATE TABLE ${schema}.bench_cursor AS
       SELECT rn / ${PAGE} - 1 AS page, materiality, id FROM (
         SELECT materiality, id, row_number() OVER (ORDER BY materiality DESC, id DESC) AS rn FROM ${schema}.exception
          WHERE portfolio_id = $1 AND status IN ('open', 'monitoring')) q
        WHERE rn % ${PAGE} = 0 AND rn <= ${PAGE * CURSOR_PAGES}`,
    [PORTFOLIO],
  );
  const dir = mkdtempSync(join(tmpdir(), 'fai-gateway-pgbench-'));
  try {
    const script = join(dir, 'queue-read.sql');
    writeFileSync(
      script,
      [
        `\\set kind random(0, ${MIX.length - 1})`,
        `\\set pick random(0, 999999)`,
        `\\set page random(0, ${CURSOR_PAGES - 1})`,
        `SELECT id, doc, tenant_id, name FROM ${schema}.portfolio WHERE id = ${literal(PORTFOLIO)} LIMIT 1;`,
        ...MIX.map(
          (read, kind) => `${kind === 0 ? '\\if' : '\\elif'} :kind = ${kind}\n${queueSql(read, schema)}`,
        ),
        '\\endif',
        `INSERT INTO ${schema}.audit_entry (request_id, actor, tenant_id, roles, method, path, endpoint, status, outcome, portfolio_id)
           VALUES (md5(random()::text), 'bench-reviewer', ${literal(TENANT)}, '{reviewer}', 'GET', '/api/v1/exceptions', 'exceptions.list', 200, 'allowed', ${literal(PORTFOLIO)});`,
        '',
      ].join('\n'),
    );
    execFileSync(
      'pgbench',
      [
        '-n',
        '-M',
        'extended',
        '-c',
        '8',
        '-j',
        '2',
        '-R',
        String(RATE),
        '-T',
        String(SECONDS),
        '-f',
        script,
        '-l',
        `--log-prefix=${join(dir, 'tx')}`,
        PG_URL,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    // Per transaction: client, number, time (µs), script, epoch, µs, schedule lag (µs).
    return readdirSync(dir)
      .filter((name) => name.startsWith('tx.'))
      .flatMap((name) => readFileSync(join(dir, name), 'utf8').trim().split('\n'))
      .map((line) => line.split(' ').map(Number))
      .map((fields) => (fields[2] + fields[6]) / 1000)
      .sort((a, b) => a - b);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What the gateway sustains with READERS requests always outstanding (closed model, the same mix):
 * the ceiling the open-model arrival rate has to stay under for latency not to grow without bound.
 */
async function closedLoopRate(
  urls: readonly string[],
  headers: Record<string, string>,
  cursors: string[],
  pids: readonly number[],
): Promise<{ rate: number; cpuMsPerRead: number }> {
  const cpuBefore = cpuMsOf(pids);
  const until = performance.now() + CAPACITY_SECONDS * 1000;
  let sent = 0;
  let answered = 0;
  await Promise.all(
    Array.from({ length: READERS }, async (_, reader) => {
      while (performance.now() < until) {
        const url = urls[reader % urls.length];
        const response = await fetch(`${url}${requestPath(sent++, cursors)}`, { headers });
        await response.arrayBuffer();
        // Only pages count: a refusal is cheaper than a read.
        if (response.status === 200) answered++;
      }
    }),
  );
  return { rate: answered / CAPACITY_SECONDS, cpuMsPerRead: (cpuMsOf(pids) - cpuBefore) / answered };
}

/** Open model: request i is due at started + i / RATE whatever the earlier ones are doing. */
async function openLoad(urls: readonly string[], headers: Record<string, string>, cursors: string[]) {
  const total = RATE * SECONDS;
  const outcomes: Promise<Outcome>[] = [];
  const started = performance.now();
  for (let i = 0; i < total;) {
    const due = Math.floor(((performance.now() - started) * RATE) / 1000);
    for (; i < Math.min(due + 1, total); i++) {
      const scheduled = started + (i * 1000) / RATE;
      outcomes.push(
        fetch(`${urls[i % urls.length]}${requestPath(i, cursors)}`, { headers })
          .then(async (response) => {
            await response.arrayBuffer();
            return { latencyMs: performance.now() - scheduled, status: String(response.status) };
          })
          .catch((error: Error & { cause?: { code?: string } }) => ({
            latencyMs: performance.now() - scheduled,
            status: error.cause?.code ?? error.name,
          })),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const sentIn = (performance.now() - started) / 1000;
  return { results: await Promise.all(outcomes), achievedRate: total / sentIn };
}

/**
 * Gateway reads under a fixed arrival rate (issue 8): the built gateway as PROCESSES processes on
 * a schema seeded with a queue of EXCEPTIONS exceptions, read by a dev-issued reviewer token. Besides
 * latency and capacity it reports the gateway CPU per read: on a shared machine the one figure that
 * does not move with the other work on it.
 */
export async function gatewayBench(): Promise<Figure[]> {
  const prefix = uniqueName('bench_gw');
  const schema = `${prefix}_gateway`;
  const streams = [`${prefix}_events`, `${prefix}_dlq`].map((name) => name.toUpperCase());
  const { NODE_OPTIONS: _inherited, ...env } = process.env;
  const profile = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const gateways: ChildProcess[] = [];
  const urls: string[] = [];
  /** Starts one gateway process and waits until it is ready; `trust` is the settings of its token issuer. */
  const startGateway = async (trust: Record<string, string>): Promise<void> => {
    const port = await freePort();
    const gateway = spawn(process.execPath, [...profile, GATEWAY_MAIN], {
      env: {
        ...env,
        FAI_PG_URL: PG_URL,
        FAI_NATS_URL: NATS_URL,
        FAI_PG_SCHEMA: schema,
        FAI_EVENT_STREAM: streams[0],
        FAI_EVENT_STREAM_SUBJECTS: `${prefix}.>`,
        FAI_DLQ_STREAM: streams[1],
        FAI_DLQ_STREAM_SUBJECTS: `fai-dlq.gateway-projections-g1.${prefix}.>`,
        FAI_COMMAND_SUBJECT_PREFIX: `${prefix.replace(/_/g, '-')}-cmd`,
        FAI_HTTP_PORT: String(port),
        ...trust,
        // One client sends the whole load: the per-client limit would turn it into 429s.
        FAI_RATE_LIMIT: String(RATE * SECONDS * 10),
        FAI_LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    gateways.push(gateway);
    const url = `http://127.0.0.1:${port}`;
    await waitFor('ready', async () => (await fetch(`${url}/health/ready`)).ok, gateway);
    urls.push(url);
  };
  const db = new PgDatabase({ connectionString: PG_URL, max: 2 });
  try {
    await startGateway({ FAI_DEV_TOKEN_ISSUER: 'true' });
    const [url] = urls;
    // One after another: each migrates (a no-op after the first) before it is ready.
    for (let n = 1; n < PROCESSES; n++) await startGateway({ FAI_OIDC_JWKS_URL: `${url}/api/v1/dev/jwks` });
    const seededAt = performance.now();
    await seed(db, schema);
    const seedSeconds = (performance.now() - seededAt) / 1000;
    const issued = await fetch(`${url}/api/v1/dev/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        subject: 'bench-reviewer',
        roles: ['reviewer'],
        tenantId: TENANT,
        portfolios: [PORTFOLIO],
      }),
    });
    const { token } = (await issued.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}` };
    // Also the warm-up: the first requests compile the gateway's code paths and fill PostgreSQL's cache.
    const cursors = await collectCursors(url, headers);
    const pids = gateways.map((gateway) => gateway.pid!);
    const capacity = await closedLoopRate(urls, headers, cursors, pids);
    const cpuBeforeLoad = cpuMsOf(pids);
    const { results, achievedRate } = await openLoad(urls, headers, cursors);
    const answered = results.filter((r) => r.status === '200').length;
    const cpuMsPerRead = (cpuMsOf(pids) - cpuBeforeLoad) / answered;
    const latencies = results.map((r) => r.latencyMs).sort((a, b) => a - b);
    const raw = await pgbenchLatencies(db, schema);
    const at = `at ${RATE} req/s`;
    return [
      {
        name: `seed ${EXCEPTIONS.toLocaleString('en-GB')} exceptions (fold + bulk insert)`,
        value: seedSeconds,
        unit: 's',
      },
      { name: `gateway processes`, value: PROCESSES, unit: '' },
      {
        name: `closed-loop capacity (${READERS} readers)`,
        value: capacity.rate,
        unit: 'req/s',
        target: RATE,
      },
      // Capacity moves with whatever else the machine runs; the CPU a read costs the gateway does not.
      { name: 'gateway CPU per queue read (closed loop)', value: capacity.cpuMsPerRead, unit: 'ms' },
      { name: `gateway CPU per queue read (${at})`, value: cpuMsPerRead, unit: 'ms' },
      { name: `achieved arrival rate`, value: achievedRate, unit: 'req/s', target: RATE * 0.95 },
      {
        name: `failed requests (${failuresOf(results)})`,
        value: results.filter((r) => r.status !== '200').length,
        unit: 'req',
        target: 0,
        lowerIsBetter: true,
      },
      {
        name: `queue read p50 ${at}`,
        value: percentile(latencies, 50),
        unit: 'ms',
        raw: percentile(raw, 50),
      },
      {
        name: `queue read p95 ${at}`,
        value: percentile(latencies, 95),
        unit: 'ms',
        raw: percentile(raw, 95),
      },
      {
        name: `queue read p99 ${at}`,
        value: percentile(latencies, 99),
        unit: 'ms',
        target: 50,
        lowerIsBetter: true,
      },
      { name: `its SQL alone p99 (pgbench ${at})`, value: percentile(raw, 99), unit: 'ms' },
      {
        name: `queue read max ${at}`,
        value: latencies[latencies.length - 1],
        unit: 'ms',
        raw: raw[raw.length - 1],
      },
      // Other work on the machine weighs on every figure above.
      { name: 'host load average (1 min) after the run', value: loadavg()[0], unit: '' },
    ];
  } finally {
    await Promise.all(
      gateways
        .filter((gateway) => gateway.exitCode === null)
        .map((gateway) => {
          const exited = new Promise((resolve) => gateway.once('exit', resolve));
          gateway.kill('SIGTERM');
          return exited;
        }),
    );
    await db.query(`DROP SCHEMA IF EXISTS ${ident(schema)} CASCADE`);
    await db.close();
    const nc = await connect({ servers: NATS_URL });
    const jsm = await nc.jetstreamManager();
    for (const stream of streams) await jsm.streams.delete(stream).catch(() => false);
    await nc.close();
  }
}
