import type { RunStage } from '@fai/contracts';
import type { CycleCommand, CycleEvent } from '../cycle.decider';
import { at, cycleId, decideAll, iso, openScheduled, run1, run2 } from '../cycle-history.fixture';
import { evolveRunTimeline, runIdOf, type RunTimeline } from './run-timeline.projection';

const complete = (stage: RunStage, minutes: number): CycleCommand => ({
  type: 'RecordStageCompleted',
  data: { cycleId, runId: run1, stage, causeEventId: `done-${stage}` },
  metadata: { now: at(minutes) },
});
const fail: CycleCommand = {
  type: 'RecordStageFailed',
  data: {
    cycleId,
    runId: run1,
    stage: 'extract',
    errorCode: 'XML_NOT_WELL_FORMED',
    diagnostics: { line: 8812 },
    causeEventId: 'f-1',
  },
  metadata: { now: at(25) },
};
const rerun: CycleCommand = {
  type: 'StartRerun',
  data: {
    cycleId,
    replacesRunId: run1,
    reason: 'Fixed file.',
    actor: 'user-42',
    changes: { serviceVersions: { extraction: '1.4.3' } },
  },
  metadata: { now: at(40) },
};

/** Projects every run's timeline, as the persistence layer will: one timeline per run id. */
function project(events: CycleEvent[]): Record<string, RunTimeline> {
  const timelines: Record<string, RunTimeline> = {};
  for (const event of events) {
    const runId = runIdOf(event);
    const next = runId && evolveRunTimeline(timelines[runId] ?? null, event);
    if (runId && next) timelines[runId] = next;
  }
  return timelines;
}

describe('run timeline projection', () => {
  it('belongs CycleOpened to no run', () => {
    const [cycleOpened, runStarted] = decideAll(openScheduled);
    expect(runIdOf(cycleOpened)).toBeNull();
    expect(runIdOf(runStarted)).toBe(run1);
    expect(evolveRunTimeline(null, cycleOpened)).toBeNull();
  });

  it('records every transition of a run in order, with time, cause and facts', () => {
    const timelines = project(decideAll(openScheduled, complete('ingest', 10), fail));
    expect(timelines[run1]).toEqual({
      cycleId,
      runId: run1,
      runNumber: 1,
      replacesRunId: null,
      stages: {
        ingest: { startedAt: iso(0), completedAt: iso(10), durationMs: 10 * 60_000 },
        extract: { startedAt: iso(10), completedAt: null, durationMs: null },
      },
      entries: [
        {
          at: iso(0),
          event: 'RunStarted',
          cause: { kind: 'clock' },
          detail: { runNumber: 1, pinnedPolicyVersions: {} },
        },
        { at: iso(0), event: 'RunStageStarted', cause: { kind: 'clock' }, detail: { stage: 'ingest' } },
        {
          at: iso(10),
          event: 'RunStageCompleted',
          cause: { kind: 'event', eventId: 'done-ingest' },
          detail: { stage: 'ingest' },
        },
        {
          at: iso(10),
          event: 'RunStageStarted',
          cause: { kind: 'event', eventId: 'done-ingest' },
          detail: { stage: 'extract' },
        },
        {
          at: iso(25),
          event: 'RunFailed',
          cause: { kind: 'event', eventId: 'f-1' },
          detail: {
            stage: 'extract',
            errorCode: 'XML_NOT_WELL_FORMED',
            diagnostics: { line: 8812 },
            publicationBlocked: true,
          },
        },
      ],
    });
  });

  it('keeps the replaced run’s timeline and starts the rerun’s with what changed', () => {
    const timelines = project(decideAll(openScheduled, complete('ingest', 10), fail, rerun));
    expect(timelines[run1].entries.at(-1)).toEqual({
      at: iso(40),
      event: 'RunSuperseded',
      cause: { kind: 'operator', actor: 'user-42' },
      detail: { supersededByRunId: run2, previousStatus: 'failed', reason: 'Fixed file.' },
    });
    expect(timelines[run2]).toMatchObject({
      runNumber: 2,
      replacesRunId: run1,
      stages: { ingest: { startedAt: iso(40), completedAt: null } },
      entries: [
        {
          event: 'RunStarted',
          detail: { reason: 'Fixed file.', changes: { serviceVersions: { extraction: '1.4.3' } } },
        },
        { event: 'RunStageStarted', detail: { stage: 'ingest' } },
      ],
    });
  });

  it('records stalls, cut-off and the operator’s decision to proceed', () => {
    const budgets = { ingest: 5, extract: 5, validate: 5, compare: 5, rank: 5, report: 5 };
    const missingArtefacts = [{ fundId: 'fund-7', artefactType: 'nport' }];
    const events = decideAll(
      openScheduled,
      { type: 'CheckStall', data: { cycleId, budgets }, metadata: { now: at(6) } },
      { type: 'MarkIncompleteAtCutOff', data: { cycleId, missingArtefacts }, metadata: { now: at(30) } },
      {
        type: 'ProceedAtCutOff',
        data: { cycleId, runId: run1, actor: 'user-42', reason: 'Go on.' },
        metadata: { now: at(31) },
      },
    );
    const { entries } = project(events)[run1];
    expect(entries.slice(2).map(({ event, detail }) => ({ event, detail }))).toEqual([
      {
        event: 'CycleStalled',
        detail: {
          portfolioId: 'pf-001',
          period: '2026-10',
          stage: 'ingest',
          since: iso(0),
          budgetMinutes: 5,
          stalledMinutes: 6,
        },
      },
      { event: 'RunMarkedIncomplete', detail: { stage: 'ingest', missingArtefacts } },
      { event: 'RunProceededAtCutOff', detail: { missingArtefacts, reason: 'Go on.' } },
    ]);
  });

  it('ignores an event of another run, and any event before its RunStarted', () => {
    const [, runStarted, ingestStarted] = decideAll(openScheduled);
    const timeline = evolveRunTimeline(null, runStarted);
    const otherRun: CycleEvent = {
      ...ingestStarted,
      data: { ...ingestStarted.data, runId: run2 },
    } as CycleEvent;
    expect(evolveRunTimeline(timeline, otherRun)).toBe(timeline);
    expect(evolveRunTimeline(null, ingestStarted)).toBeNull();
  });
});
