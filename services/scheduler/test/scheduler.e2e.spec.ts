import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  draftsCompletedV1,
  deltasComputedV1,
  exceptionsRankedV1,
  ingestStageFailedV1,
  inventoryCompletedV1,
  openAdhocCycleV1,
  registerPortfolioV1,
  runExtractionCompletedV1,
  setPortfolioScheduleV1,
  startRerunV1,
  validationCompletedV1,
  type AnyCommandContract,
  type AnyEventContract,
  type FaiError,
} from '@fai/contracts';
import { ident, PgDatabase } from '@fai/event-store';
import { CommandClient, JetStreamPublisher } from '@fai/messaging';
import { freePort, PG_URL, NATS_URL, uniqueName, eventually } from '@fai/testing';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { connect, type NatsConnection } from 'nats';
import { CONSUMED_SUBJECTS } from '../src/cycles/stage-outcomes/stage-outcome.mapping';
import { commandSubjectIn } from '@fai/service-kit';
import { FUNDS, readModelRow, SCHEDULE, stageEvent, storedEvents, WAIT_MS } from './support';

/**
 * The scheduler as it is deployed: built `dist/main.js` processes on the real PostgreSQL and NATS,
 * each test with its own schema, streams and command subjects. `npm test` builds first; run
 * `npm run build` before running this file alone.
 */
const MAIN = join(__dirname, '..', 'dist', 'main.js');
const CLI = join(__dirname, '..', 'dist', 'cli.js');
const READY_TIMEOUT_MS = 45_000;
const EXIT_TIMEOUT_MS = 10_000;
const TEST_TIMEOUT_MS = 120_000;
const PORTFOLIO = 'pf-001';

interface SchedulerProcess {
  child: ChildProcess;
  stdout: string[];
  exited: Promise<number | null>;
}

interface World {
  prefix: string;
  schema: string;
  env: NodeJS.ProcessEnv;
  db: PgDatabase;
  nc: NatsConnection;
  proxy: ClientProxy;
  client: CommandClient;
  processes: SchedulerProcess[];
}

let world: World;

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`not built: ${MAIN}; run \`npm run build\` first`);
});

beforeEach(async () => {
  const prefix = uniqueName('sched_e2e');
  const schema = `${prefix}_scheduler`;
  const proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [NATS_URL] } });
  await proxy.connect();
  world = {
    prefix,
    schema,
    env: {
      FAI_PG_URL: PG_URL,
      FAI_NATS_URL: NATS_URL,
      FAI_PG_SCHEMA: schema,
      // Only this test's stream captures the scheduler's events and the stage outcomes it consumes.
      FAI_EVENT_STREAM: `${prefix}_events`.toUpperCase(),
      FAI_EVENT_STREAM_SUBJECTS: ['fai.scheduler.>', ...CONSUMED_SUBJECTS].join(','),
      FAI_DLQ_STREAM: `${prefix}_dlq`.toUpperCase(),
      FAI_DLQ_STREAM_SUBJECTS: 'fai-dlq.scheduler.>',
      FAI_COMMAND_SUBJECT_PREFIX: `${prefix}-cmd`,
      FAI_SCHEDULER_TICK_MS: '200',
      FAI_SHUTDOWN_GRACE_MS: '5000',
      FAI_LOG_LEVEL: 'debug',
    },
    db: new PgDatabase({ connectionString: PG_URL, max: 2 }),
    nc: await connect({ servers: NATS_URL }),
    proxy,
    client: new CommandClient(proxy, { timeoutMs: 10_000 }),
    processes: [],
  };
});

afterEach(async () => {
  for (const { child } of world.processes)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(world.processes.map((running) => running.exited));
  await world.db.query(`DROP SCHEMA IF EXISTS ${ident(world.schema)} CASCADE`);
  await world.db.close();
  const jsm = await world.nc.jetstreamManager();
  for (const stream of [world.env.FAI_EVENT_STREAM!, world.env.FAI_DLQ_STREAM!])
    await jsm.streams.delete(stream).catch(() => undefined);
  await world.nc.close();
  await world.proxy.close();
}, TEST_TIMEOUT_MS);

/** Starts a scheduler process (its clock at `fakeNow` when given) and waits until it is ready. */
async function startScheduler(fakeNow?: string): Promise<SchedulerProcess> {
  const port = await freePort();
  const { NODE_OPTIONS: _jestOptions, ...inherited } = process.env;
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...inherited,
      ...world.env,
      FAI_HTTP_PORT: String(port),
      ...(fakeNow ? { FAI_SCHEDULER_FAKE_NOW: fakeNow } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const running: SchedulerProcess = {
    child,
    stdout: [],
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  const stderr: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => running.stdout.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  world.processes.push(running);
  let exited = false;
  void running.exited.then(() => (exited = true));
  await eventually(
    'the scheduler to become ready',
    async () => {
      if (exited) throw new Error(`the scheduler exited:\n${stderr.join('')}`);
      const status = await fetch(`http://127.0.0.1:${port}/health/ready`, {
        signal: AbortSignal.timeout(2_000),
      })
        .then((response) => response.status)
        .catch(() => undefined);
      return status === 200 ? true : undefined;
    },
    READY_TIMEOUT_MS,
  );
  return running;
}

/** SIGTERM, then the exit code. */
async function stopScheduler(running: SchedulerProcess): Promise<number | null> {
  running.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the scheduler did not stop in time')), EXIT_TIMEOUT_MS);
  });
  return Promise.race([running.exited, timeout]).finally(() => clearTimeout(timer));
}

function logLines(running: SchedulerProcess): Array<Record<string, unknown>> {
  return running.stdout
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function send<TReply>(contract: AnyCommandContract, request: Record<string, unknown>): Promise<TReply> {
  return world.client.send<TReply>(commandSubjectIn(`${world.prefix}-cmd`, contract.subject), {
    commandId: randomUUID(),
    actor: 'user-42',
    reason: 'End-to-end test.',
    ...request,
  });
}

async function registerPortfolio(schedule?: typeof SCHEDULE): Promise<void> {
  await send(registerPortfolioV1, {
    portfolioId: PORTFOLIO,
    tenantId: 'tenant-acme',
    name: 'Global Equity Selection',
    baseCurrency: 'EUR',
    funds: FUNDS,
  });
  if (!schedule) return;
  await send(setPortfolioScheduleV1, { portfolioId: PORTFOLIO, schedule });
  await eventually(
    'the portfolio schedule read model',
    async () => {
      const row = await readModelRow(world.db, world.schema, 'portfolio_schedule', {
        portfolio_id: PORTFOLIO,
      });
      return row?.schedule ? row : undefined;
    },
    WAIT_MS,
  );
}

async function cyclesOpened(): Promise<string[]> {
  const events = await storedEvents(world.db, world.schema, 'CycleOpened');
  return events.map((event) => event.data.cycleId as string);
}

/** Runs the scheduler's command line on this test's schema; resolves with its exit code and output lines. */
async function runCli(...args: string[]): Promise<{ code: number | null; lines: string[] }> {
  const { NODE_OPTIONS: _jestOptions, ...inherited } = process.env;
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...inherited, ...world.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, lines: output.join('').split('\n').filter(Boolean) };
}

async function overviewRows(): Promise<unknown[]> {
  const { rows } = await world.db.query(
    `SELECT * FROM ${ident(world.schema)}.cycle_overview ORDER BY cycle_id`,
  );
  return rows;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('scheduler processes', () => {
  it(
    'two replicas racing over one due time and one adhoc open: exactly one cycle each, the loser told which',
    async () => {
      const replicas = await Promise.all([
        startScheduler('2026-11-04T07:00:05Z'),
        startScheduler('2026-11-04T07:00:05Z'),
      ]);
      // Both clocks find the period due on the first tick that sees the schedule.
      await registerPortfolio(SCHEDULE);
      await eventually(
        'the scheduled cycle',
        async () => ((await cyclesOpened()).length > 0 ? true : undefined),
        WAIT_MS,
      );
      await sleep(1_000);
      expect(await cyclesOpened()).toEqual(['pf-001-2026-10-scheduled']);

      const requests = [randomUUID(), randomUUID()].map((commandId) => ({
        commandId,
        portfolioId: PORTFOLIO,
        period: '2026-10',
        reason: 'Manager restated October holdings.',
      }));
      const results = await Promise.allSettled(requests.map((request) => send(openAdhocCycleV1, request)));
      const cycleId = 'pf-001-2026-10-adhoc';
      const reply = { cycleId, runId: `${cycleId}-run-1` };
      expect(results.filter((result) => result.status === 'fulfilled')).toEqual([
        { status: 'fulfilled', value: reply },
      ]);
      const [refused] = results.filter(
        (result): result is PromiseRejectedResult => result.status === 'rejected',
      );
      expect((refused.reason as FaiError).toBody()).toMatchObject({
        code: 'CYCLE_ALREADY_OPEN',
        details: { existingCycleId: cycleId },
      });
      // The winner's command sent again (same id) gets the same reply and writes nothing.
      const winner = requests[results.findIndex((result) => result.status === 'fulfilled')];
      expect(await send(openAdhocCycleV1, winner)).toEqual(reply);
      expect(await cyclesOpened()).toEqual(['pf-001-2026-10-scheduled', cycleId]);

      for (const replica of replicas) expect(await stopScheduler(replica)).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'stopped before the due time and restarted after: each due period opened once; another restart opens nothing',
    async () => {
      const beforeDue = await startScheduler('2026-11-04T06:00:00Z');
      await registerPortfolio(SCHEDULE);
      await sleep(1_000);
      expect(await cyclesOpened()).toEqual([]);
      expect(await stopScheduler(beforeDue)).toBe(0);

      // Past two due times: 2026-10 (due 4 Nov 07:00) and 2026-11 (due 4 Dec 07:00).
      const afterDue = await startScheduler('2026-12-04T08:00:00Z');
      await eventually(
        'both missed cycles',
        async () => ((await cyclesOpened()).length === 2 ? true : undefined),
        WAIT_MS,
      );
      expect(await stopScheduler(afterDue)).toBe(0);

      const again = await startScheduler('2026-12-04T09:00:00Z');
      await sleep(1_500);
      expect(await stopScheduler(again)).toBe(0);
      expect(await cyclesOpened()).toEqual(['pf-001-2026-10-scheduled', 'pf-001-2026-11-scheduled']);
      expect(logLines(again).some((line) => line.message === 'cycle opened')).toBe(false);

      // With no scheduler running, the command line replays the read models itself.
      const rows = await overviewRows();
      await world.db.query(`UPDATE ${ident(world.schema)}.cycle_overview SET state = 'failed'`);
      const rebuild = await runCli('rebuild-projections');
      expect(rebuild.code).toBe(0);
      expect(rebuild.lines.map((line) => JSON.parse(line))).toEqual(
        ['cycle_overview', 'run_timeline', 'portfolio_schedule'].map((projection) => ({
          command: 'rebuild-projections',
          projection,
          outcome: 'replayed',
        })),
      );
      expect(await overviewRows()).toEqual(rows);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'walks a run through every stage on published stage events; a stage failure fails its rerun and blocks publication',
    async () => {
      const scheduler = await startScheduler();
      const refusal = await send(openAdhocCycleV1, { portfolioId: PORTFOLIO, period: '2026-10' }).catch(
        (error: FaiError) => error.toBody(),
      );
      expect(refusal).toMatchObject({ code: 'PORTFOLIO_NOT_FOUND', details: { portfolioId: PORTFOLIO } });
      await registerPortfolio();
      const { cycleId, runId } = await send<{ cycleId: string; runId: string }>(openAdhocCycleV1, {
        portfolioId: PORTFOLIO,
        period: '2026-10',
        reason: 'Walk every stage.',
      });
      const publisher = new JetStreamPublisher(world.nc.jetstream());
      const publish = (contract: AnyEventContract, data: Record<string, unknown>, id = randomUUID()) =>
        publisher.publish([
          stageEvent(
            contract,
            { portfolioId: PORTFOLIO, cycleId, at: new Date().toISOString(), ...data },
            id,
          ),
        ]);
      const overview = (match: (row: Record<string, unknown>) => boolean) =>
        eventually(
          'the cycle overview',
          async () => {
            const row = await readModelRow(world.db, world.schema, 'cycle_overview', { cycle_id: cycleId });
            return row && match(row) ? row : undefined;
          },
          WAIT_MS,
        );

      const walk: Array<[AnyEventContract, string]> = [
        [inventoryCompletedV1, 'extract'],
        [runExtractionCompletedV1, 'validate'],
        [validationCompletedV1, 'compare'],
        [deltasComputedV1, 'rank'],
        [exceptionsRankedV1, 'report'],
        [draftsCompletedV1, 'review'],
      ];
      const firstEventId = randomUUID();
      for (const [index, [contract, next]] of walk.entries()) {
        await publish(contract, { runId }, index === 0 ? firstEventId : undefined);
        await overview((row) => row.stage === next);
      }
      // Redelivered or republished: applied once.
      await publish(inventoryCompletedV1, { runId }, firstEventId);
      const completed = await overview((row) => row.state === 'completed');
      expect(completed).toMatchObject({ stage: 'review', current_run_id: runId, publication_blocked: false });
      const timeline = await readModelRow(world.db, world.schema, 'run_timeline', { run_id: runId });
      const entries = timeline!.entries as Array<{ event: string; detail: { stage?: string } }>;
      expect(entries.map(({ event, detail }) => `${event}${detail.stage ? ` ${detail.stage}` : ''}`)).toEqual(
        [
          'RunStarted',
          'RunStageStarted ingest',
          ...['ingest', 'extract', 'validate', 'compare', 'rank', 'report'].flatMap((stage, index, all) => [
            `RunStageCompleted ${stage}`,
            index + 1 < all.length ? `RunStageStarted ${all[index + 1]}` : 'RunCompleted',
          ]),
        ],
      );
      expect(Object.keys(timeline!.stages as object)).toHaveLength(6);

      const rerun = await send<{ runId: string }>(startRerunV1, {
        cycleId,
        replacesRunId: runId,
        reason: 'Manager resent the N-PORT file.',
      });
      await overview((row) => row.current_run_id === rerun.runId && row.stage === 'ingest');
      // A late event of the superseded run is dropped; the failure of the current run fails it.
      await publish(runExtractionCompletedV1, { runId });
      await publish(ingestStageFailedV1, {
        runId: rerun.runId,
        stage: 'ingest',
        errorCode: 'ARTEFACT_STORE_UNAVAILABLE',
        diagnostics: { message: 'object store did not answer' },
      });
      const failed = await overview((row) => row.state === 'failed');
      expect(failed).toMatchObject({
        current_run_id: rerun.runId,
        publication_blocked: true,
        failure: { stage: 'ingest', errorCode: 'ARTEFACT_STORE_UNAVAILABLE' },
      });
      const alerts = await storedEvents(world.db, world.schema, 'OperatorAlertRaised');
      expect(alerts.map((alert) => alert.data)).toEqual([
        expect.objectContaining({
          kind: 'cycle_failed',
          cycleId,
          runId: rerun.runId,
          portfolioId: PORTFOLIO,
        }),
      ]);
      expect(await storedEvents(world.db, world.schema, 'RunStageCompleted')).toHaveLength(6);

      expect(await stopScheduler(scheduler)).toBe(0);
      expect(
        logLines(scheduler).filter(
          (line) => line.message === 'stage outcome dropped: its run is not at that stage',
        ),
      ).toHaveLength(1);
    },
    TEST_TIMEOUT_MS,
  );
});
