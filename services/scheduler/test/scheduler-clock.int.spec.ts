import { randomUUID } from 'node:crypto';
import {
  createRegistry,
  inventoryArtefactReceivedV1,
  type FaiError,
  type InventoryArtefactReceivedV1,
  type PortfolioSchedule,
} from '@fai/contracts';
import { migrate, PostgresEventStore } from '@fai/event-store';
import { PgAdvisoryLeaderLock } from '@fai/messaging';
import type { ProjectionRunner } from '@fai/projections';
import { createTestSchema, eventually, PG_URL, type TestSchema } from '@fai/testing';
import type { DataSource } from 'typeorm';
import { ProceedAtCutOffHandler } from '../src/cycles/commands/proceed-at-cut-off/proceed-at-cut-off.handler';
import { CycleCommands } from '../src/cycles/cycle-commands.service';
import { recordReceivedArtefact } from '../src/cycles/received-artefacts/received-artefact.read-model';
import { receivedArtefact } from '../src/cycles/stage-outcomes/stage-outcome.mapping';
import { CommandExecutor } from '../src/infrastructure/command-executor';
import { EventCodec } from '../src/infrastructure/event-codec';
import {
  READ_MODEL_MIGRATIONS,
  schedulerDataSource,
  schedulerProjectionRunner,
} from '../src/infrastructure/read-models';
import { PortfolioCommands } from '../src/portfolios/portfolio-commands.service';
import { ScheduleTicker } from '../src/schedule/schedule-ticker';
import { FUNDS, INVENTORY, readModelRow, SCHEDULE, storedEvents, WAIT_MS } from './support';

/*
 * The clock in one process, against the real PostgreSQL, with time in the test's hands: due cycles,
 * stalls and cut-offs, and the races the event store settles.
 */

const CYCLE_ID = 'pf-001-2026-10-scheduled';
const RUN_ID = `${CYCLE_ID}-run-1`;
const silent = { debug: () => undefined, info: () => undefined, error: () => undefined };

let test: TestSchema;
let dataSource: DataSource;
let runner: ProjectionRunner;
let now: Date;
let portfolios: PortfolioCommands;
let cycles: CycleCommands;
let ticker: ScheduleTicker;

beforeEach(async () => {
  test = await createTestSchema('sched');
  const config = { FAI_PG_URL: PG_URL, FAI_PG_SCHEMA: test.schema };
  const store = new PostgresEventStore(test.db, { schema: test.schema });
  await store.migrate();
  await migrate(test.db, test.schema, READ_MODEL_MIGRATIONS);
  dataSource = schedulerDataSource(config, test.db);
  await dataSource.initialize();
  const codec = new EventCodec(createRegistry());
  const executor = new CommandExecutor(store, test.db, codec);
  const clock = { now: () => now };
  portfolios = new PortfolioCommands(executor, clock);
  cycles = new CycleCommands(executor);
  ticker = new ScheduleTicker({ FAI_SCHEDULER_TICK_MS: 60_000 }, dataSource, cycles, clock, silent);
  runner = schedulerProjectionRunner({
    config,
    dataSource,
    store,
    codec,
    leaderLock: (key) => new PgAdvisoryLeaderLock({ connectionString: PG_URL }, key),
  });
  await runner.start();
  now = new Date('2026-10-20T09:00:00Z');
});

afterEach(async () => {
  await runner.stop();
  await dataSource.destroy();
  await test.drop();
});

const operator = () => ({ commandId: randomUUID(), actor: 'user-42', reason: 'Set up for the test.' });

async function registerScheduledPortfolio(): Promise<void> {
  await portfolios.run('RegisterPortfolio', {
    ...operator(),
    portfolioId: 'pf-001',
    tenantId: 'tenant-acme',
    name: 'Global Equity Selection',
    baseCurrency: 'EUR',
    funds: FUNDS,
  });
  await portfolios.run('SetPortfolioSchedule', {
    ...operator(),
    portfolioId: 'pf-001',
    schedule: SCHEDULE as unknown as PortfolioSchedule,
  });
  await portfolios.run('SetExpectedInventory', { ...operator(), portfolioId: 'pf-001', funds: INVENTORY });
  await eventually(
    'the portfolio schedule read model',
    async () => {
      const row = await readModelRow(test.db, test.schema, 'portfolio_schedule', { portfolio_id: 'pf-001' });
      return row?.schedule && (row.expected_inventory as unknown[]).length > 0 ? row : undefined;
    },
    WAIT_MS,
  );
}

async function overview(): Promise<Record<string, unknown> | undefined> {
  return readModelRow(test.db, test.schema, 'cycle_overview', { cycle_id: CYCLE_ID });
}

async function untilOverview(
  match: (row: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  return eventually(
    'the cycle overview',
    async () => {
      const row = await overview();
      return row && match(row) ? row : undefined;
    },
    WAIT_MS,
  );
}

/** What the stage outcome consumer does with ingest's InventoryArtefactReceived, in its transaction. */
async function receive(data: Partial<InventoryArtefactReceivedV1>): Promise<void> {
  const receipt = receivedArtefact({
    id: randomUUID(),
    name: inventoryArtefactReceivedV1.name,
    data: { ...inventoryArtefactReceivedV1.example, cycleId: CYCLE_ID, runId: RUN_ID, ...data },
  });
  if (receipt) await test.db.transaction((tx) => recordReceivedArtefact(tx, test.schema, receipt));
}

async function eventsOfType(type: string) {
  return storedEvents(test.db, test.schema, type);
}

describe('the scheduler clock', () => {
  it('opens the cycle at its due time, alerts a stall once, and stops a run still ingesting at cut-off once, listing what it has not received', async () => {
    await registerScheduledPortfolio();

    now = new Date('2026-11-04T06:59:59Z');
    expect((await ticker.tick()).opened).toEqual([]);
    now = new Date('2026-11-04T07:00:00Z');
    expect((await ticker.tick()).opened).toEqual([CYCLE_ID]);
    expect((await ticker.tick()).opened).toEqual([]);
    const opened = await untilOverview((row) => row.state === 'running');
    expect(opened).toMatchObject({
      portfolio_id: 'pf-001',
      period: '2026-10',
      kind: 'scheduled',
      stage: 'ingest',
    });
    const [cycleOpened] = await eventsOfType('CycleOpened');
    expect(cycleOpened.metadata).toMatchObject({
      tenantId: 'tenant-acme',
      portfolioId: 'pf-001',
      actor: 'scheduler-clock',
    });

    now = new Date('2026-11-04T08:00:00Z');
    expect((await ticker.tick()).stalled).toEqual([]);
    now = new Date('2026-11-04T08:01:00Z');
    expect((await ticker.tick()).stalled).toEqual([CYCLE_ID]);
    expect((await ticker.tick()).stalled).toEqual([]);
    const [stalled] = await eventsOfType('CycleStalled');
    expect(stalled.data).toMatchObject({
      runId: RUN_ID,
      stage: 'ingest',
      budgetMinutes: 60,
      stalledMinutes: 61,
    });
    const alerts = await eventsOfType('OperatorAlertRaised');
    expect(alerts).toEqual([
      expect.objectContaining({
        stream_id: `operator-alert-alert-${stalled.event_id}`,
        data: expect.objectContaining({
          kind: 'cycle_stalled',
          cycleId: CYCLE_ID,
          runId: RUN_ID,
          portfolioId: 'pf-001',
        }),
      }),
    ]);
    await untilOverview((row) => row.last_stalled_at !== null);

    // Of the two required artefacts the run receives one; a stale nport and a repeat count for nothing.
    await receive({ documentType: 'findatex_tpt', assessment: 'fresh' });
    await receive({ documentType: 'findatex_tpt', assessment: 'superseding', version: 2 });
    await receive({ documentType: 'nport', assessment: 'stale', period: '2026-09' });
    now = new Date('2026-11-05T06:59:00Z');
    expect((await ticker.tick()).markedIncomplete).toEqual([]);
    now = new Date('2026-11-05T07:00:00Z');
    expect((await ticker.tick()).markedIncomplete).toEqual([CYCLE_ID]);
    const incomplete = await untilOverview((row) => row.state === 'incomplete');
    expect(incomplete.missing_artefacts).toEqual([{ fundId: 'fund-7', artefactType: 'nport' }]);
    expect((await eventsOfType('OperatorAlertRaised')).map((alert) => alert.data.kind)).toEqual([
      'cycle_stalled',
      'artefact_missing',
    ]);

    await new ProceedAtCutOffHandler(cycles, { now: () => now }).execute({
      ...operator(),
      reason: 'Filing delayed by the regulator; review the rest.',
      cycleId: CYCLE_ID,
      runId: RUN_ID,
    });
    await untilOverview((row) => row.state === 'running');
    now = new Date('2026-11-05T08:00:00Z');
    expect(await ticker.tick()).toEqual({ opened: [], stalled: [], markedIncomplete: [] });
    expect(await eventsOfType('RunMarkedIncomplete')).toHaveLength(1);

    const timeline = await eventually(
      'the run timeline',
      async () => {
        const row = await readModelRow(test.db, test.schema, 'run_timeline', { run_id: RUN_ID });
        return (row?.entries as unknown[] | undefined)?.length === 5 ? row : undefined;
      },
      WAIT_MS,
    );
    expect((timeline.entries as Array<{ event: string }>).map((entry) => entry.event)).toEqual([
      'RunStarted',
      'RunStageStarted',
      'CycleStalled',
      'RunMarkedIncomplete',
      'RunProceededAtCutOff',
    ]);
  });

  it('opens every period missed while it was not running, each once, however many replicas tick', async () => {
    await registerScheduledPortfolio();
    now = new Date('2026-12-04T07:30:00Z');
    const ticks = await Promise.all([ticker.tick(), ticker.tick(), ticker.tick()]);
    expect(ticks.flatMap((tick) => tick.opened).sort()).toEqual([CYCLE_ID, 'pf-001-2026-11-scheduled']);
    expect((await eventsOfType('CycleOpened')).map((event) => event.data.period)).toEqual(
      expect.arrayContaining(['2026-10', '2026-11']),
    );
    expect(await eventsOfType('CycleOpened')).toHaveLength(2);
  });

  it('settles racing commands on one stream by its expected version; a retried command writes nothing', async () => {
    await registerScheduledPortfolio();
    now = new Date('2026-11-04T07:00:00Z');
    const open = (commandId: string) =>
      cycles.open(
        {
          portfolioId: 'pf-001',
          period: '2026-10',
          kind: 'adhoc',
          reason: 'Restated.',
          openedBy: { kind: 'operator', actor: 'u' },
        },
        now,
        { commandId, correlationId: commandId, actor: 'u' },
      );
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => open(randomUUID())));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected'))
      expect(result.reason as FaiError).toMatchObject({
        code: 'CYCLE_ALREADY_OPEN',
        details: { existingCycleId: 'pf-001-2026-10-adhoc' },
      });

    const budgets = SCHEDULE.stageBudgetsMinutes;
    now = new Date('2026-11-04T09:00:00Z');
    const check = () =>
      cycles.execute(
        { type: 'CheckStall', data: { cycleId: 'pf-001-2026-10-adhoc', budgets }, metadata: { now } },
        { commandId: randomUUID(), correlationId: 'c', actor: 'scheduler-clock' },
      );
    await Promise.all([check(), check(), check(), check()]);
    expect(await eventsOfType('CycleStalled')).toHaveLength(1);

    const rerun = {
      type: 'StartRerun' as const,
      data: {
        cycleId: 'pf-001-2026-10-adhoc',
        replacesRunId: 'pf-001-2026-10-adhoc-run-1',
        reason: 'New file.',
        actor: 'u',
      },
      metadata: { now },
    };
    const context = { commandId: randomUUID(), correlationId: 'c', actor: 'u' };
    const first = await cycles.execute(rerun, context);
    const again = await cycles.execute(rerun, context);
    expect(again).toMatchObject({ duplicate: true, events: first.events });
    expect(await eventsOfType('RunStarted')).toHaveLength(2);
  });
});
