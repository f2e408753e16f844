import {
  artefactMissingV1,
  cycleOpenedV1,
  inventoryArtefactReceivedV1,
  inventoryCompletedV1,
  inventoryOpenedV1,
  runCompletedV1,
  runFailedV1,
  runStageCompletedV1,
  runStageStartedV1,
  runStartedV1,
  runSupersededV1,
  type AnyEventContract,
} from '@fai/contracts';
import type { ProjectedEvent } from '../projections/document-projection';
import { exampleEvent, fold } from '../projections/projection-fixture';
import { cycleProjection, type CycleView } from './cycle.projection';

const CYCLE = 'pf-001-2026-10-scheduled';
const RUN_1 = `${CYCLE}-run-1`;
const RUN_2 = `${CYCLE}-run-2`;

const event = (
  contract: AnyEventContract,
  data: Record<string, unknown> = {},
  envelope: Partial<ProjectedEvent> = {},
) => exampleEvent(contract, data, { portfolioId: 'pf-001', ...envelope });

/** Given these events, the cycle document. */
function given(...events: ProjectedEvent[]): CycleView {
  const doc = fold(cycleProjection, ...events).get(CYCLE);
  if (!doc) throw new Error('no cycle document');
  return doc;
}

const opened = event(cycleOpenedV1, { cycleId: CYCLE, at: '2026-11-04T07:00:00.000Z' });
const started = event(
  runStartedV1,
  {
    runId: RUN_1,
    runNumber: 1,
    replacesRunId: undefined,
    reason: undefined,
    cause: { kind: 'clock' },
    at: '2026-11-04T07:00:00.000Z',
  },
  { actor: 'system:scheduler' },
);

describe('the cycle read model', () => {
  it('opens with the pinned policy versions and no run', () => {
    expect(given(opened)).toMatchObject({
      cycleId: CYCLE,
      portfolioId: 'pf-001',
      period: '2026-10',
      state: 'running',
      currentRunId: null,
      policies: {
        rulesetId: 'ruleset-v12',
        materialityId: 'materiality-v4',
        sourcePolicyId: null,
        reportTemplateId: null,
      },
    });
  });

  it('follows the current run through its stages, with a timeline entry per event', () => {
    const doc = given(
      opened,
      started,
      event(runStageStartedV1, { runId: RUN_1, stage: 'ingest', at: '2026-11-04T07:00:01.000Z' }),
      event(runStageCompletedV1, { runId: RUN_1, stage: 'ingest', at: '2026-11-04T09:00:00.000Z' }),
      event(runStageStartedV1, { runId: RUN_1, stage: 'extract', at: '2026-11-04T09:00:00.000Z' }),
    );
    expect(doc).toMatchObject({
      currentRunId: RUN_1,
      currentRunNumber: 1,
      state: 'running',
      stage: 'extract',
    });
    expect(doc.runs[0]).toMatchObject({
      operator: 'system:scheduler',
      stages: {
        ingest: { startedAt: '2026-11-04T07:00:01.000Z', completedAt: '2026-11-04T09:00:00.000Z' },
        extract: { startedAt: '2026-11-04T09:00:00.000Z' },
      },
    });
    expect(doc.runs[0].timeline.map((entry) => `${entry.event}:${entry.stage ?? ''}`)).toEqual([
      'RunStarted:',
      'RunStageStarted:ingest',
      'RunStageCompleted:ingest',
      'RunStageStarted:extract',
    ]);
  });

  it('keeps the input inventory: expected slots received or missing, receipts with their assessment', () => {
    const doc = given(
      opened,
      started,
      event(inventoryOpenedV1, { runId: RUN_1 }),
      event(inventoryArtefactReceivedV1, {
        runId: RUN_1,
        fundId: 'fund-7',
        documentType: 'nport',
        assessment: 'fresh',
      }),
      event(artefactMissingV1, { runId: RUN_1, fundId: 'fund-7', artefactType: 'factsheet' }),
      event(inventoryCompletedV1, { runId: RUN_1, at: '2026-11-04T09:12:00.000Z' }),
    );
    expect(doc.runs[0].inventory).toMatchObject({
      expected: [
        { fundId: 'fund-7', artefactType: 'nport', required: true, status: 'received' },
        { fundId: 'fund-7', artefactType: 'factsheet', required: false, status: 'missing' },
      ],
      received: [{ fundId: 'fund-7', documentType: 'nport', assessment: 'fresh' }],
      completedAt: '2026-11-04T09:12:00.000Z',
    });
  });

  it('a stale receipt fills no slot', () => {
    const doc = given(
      opened,
      started,
      event(inventoryOpenedV1, { runId: RUN_1 }),
      event(inventoryArtefactReceivedV1, {
        runId: RUN_1,
        fundId: 'fund-7',
        documentType: 'nport',
        assessment: 'stale',
      }),
    );
    expect(doc.runs[0].inventory.expected[0].status).toBe('awaited');
  });

  it('a failed run blocks publication; a rerun becomes the current run, linked to the one it replaces', () => {
    const doc = given(
      opened,
      started,
      event(runFailedV1, { runId: RUN_1, stage: 'extract', errorCode: 'XML_NOT_WELL_FORMED' }),
      event(runSupersededV1, { runId: RUN_1, supersededByRunId: RUN_2 }),
      event(
        runStartedV1,
        { runId: RUN_2, runNumber: 2, replacesRunId: RUN_1, cause: { kind: 'operator', actor: 'user-42' } },
        { actor: 'user-42' },
      ),
    );
    expect(doc).toMatchObject({
      currentRunId: RUN_2,
      currentRunNumber: 2,
      state: 'running',
      publicationBlocked: true,
    });
    expect(doc.runs.map((run) => [run.runId, run.status, run.replacesRunId, run.operator])).toEqual([
      [RUN_1, 'superseded', null, 'system:scheduler'],
      [RUN_2, 'running', RUN_1, 'user-42'],
    ]);
    expect(doc.runs[0].failure).toMatchObject({ stage: 'extract', errorCode: 'XML_NOT_WELL_FORMED' });
  });

  it('a completed run goes to review', () => {
    expect(given(opened, started, event(runCompletedV1, { runId: RUN_1 }))).toMatchObject({
      state: 'completed',
      stage: 'review',
    });
  });

  it('ignores events of a cycle it never saw open', () => {
    expect(cycleProjection.evolve(undefined, started, CYCLE)).toBeUndefined();
  });

  it('indexes the columns reads filter and sort on', () => {
    expect(cycleProjection.columns(given(opened))).toEqual({
      portfolio_id: 'pf-001',
      period: '2026-10',
      state: 'running',
      opened_at: '2026-11-04T07:00:00.000Z',
    });
  });
});
