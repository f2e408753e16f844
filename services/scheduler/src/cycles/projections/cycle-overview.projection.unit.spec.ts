import type { CycleCommand, CycleEvent } from '../cycle.decider';
import { at, cycleId, decideAll, iso, openScheduled, run1, run2 } from '../cycle-history.fixture';
import { evolveCycleOverview, type CycleOverview } from './cycle-overview.projection';

const complete = (
  stage: 'ingest' | 'extract' | 'validate' | 'compare' | 'rank' | 'report',
  minutes: number,
  runId = run1,
): CycleCommand => ({
  type: 'RecordStageCompleted',
  data: { cycleId, runId, stage, causeEventId: `done-${runId}-${stage}` },
  metadata: { now: at(minutes) },
});
const project = (events: CycleEvent[]) => events.reduce<CycleOverview | null>(evolveCycleOverview, null);

describe('cycle overview projection', () => {
  it('shows nothing before the cycle is opened', () => {
    expect(evolveCycleOverview(null, decideAll(openScheduled)[1])).toBeNull();
  });

  it('shows an opened cycle running its first run at ingest', () => {
    expect(project(decideAll(openScheduled))).toEqual({
      cycleId,
      portfolioId: 'pf-001',
      period: '2026-10',
      kind: 'scheduled',
      currentRunId: run1,
      currentRunNumber: 1,
      stage: 'ingest',
      state: 'running',
      publicationBlocked: false,
      failure: null,
      missingArtefacts: [],
      pinnedPolicyVersions: {},
      openedAt: iso(0),
      runStartedAt: iso(0),
      stageStartedAt: iso(0),
      completedAt: null,
      lastStalledAt: null,
      updatedAt: iso(0),
    });
  });

  it('follows the stages and shows review once the run completes', () => {
    const throughRank = [
      openScheduled,
      complete('ingest', 10),
      complete('extract', 20),
      complete('validate', 30),
      complete('compare', 40),
      complete('rank', 50),
    ];
    expect(project(decideAll(...throughRank))).toMatchObject({
      stage: 'report',
      state: 'running',
      stageStartedAt: iso(50),
    });
    expect(project(decideAll(...throughRank, complete('report', 60)))).toMatchObject({
      stage: 'review',
      state: 'completed',
      completedAt: iso(60),
      updatedAt: iso(60),
    });
  });

  it('shows a failure with stage and code, publication blocked, then a clean rerun', () => {
    const failed = decideAll(openScheduled, complete('ingest', 10), {
      type: 'RecordStageFailed',
      data: {
        cycleId,
        runId: run1,
        stage: 'extract',
        errorCode: 'XML_NOT_WELL_FORMED',
        diagnostics: {},
        causeEventId: 'f-1',
      },
      metadata: { now: at(15) },
    });
    expect(project(failed)).toMatchObject({
      state: 'failed',
      stage: 'extract',
      publicationBlocked: true,
      failure: { stage: 'extract', errorCode: 'XML_NOT_WELL_FORMED' },
    });
    const rerun = decideAll(openScheduled, complete('ingest', 10), {
      type: 'StartRerun',
      data: {
        cycleId,
        replacesRunId: run1,
        reason: 'Fixed file.',
        changes: { policyVersions: { rulesetId: 'ruleset-v13' } },
        actor: 'user-42',
      },
      metadata: { now: at(20) },
    });
    expect(project(rerun)).toMatchObject({
      pinnedPolicyVersions: { rulesetId: 'ruleset-v13' },
      currentRunId: run2,
      currentRunNumber: 2,
      state: 'running',
      stage: 'ingest',
      publicationBlocked: false,
      failure: null,
      runStartedAt: iso(20),
      openedAt: iso(0),
    });
  });

  it('shows a run incomplete with what is missing, then running again when an operator proceeds', () => {
    const missingArtefacts = [{ fundId: 'fund-7', artefactType: 'nport' }];
    const marked = decideAll(openScheduled, {
      type: 'MarkIncompleteAtCutOff',
      data: { cycleId, missingArtefacts },
      metadata: { now: at(30) },
    });
    expect(project(marked)).toMatchObject({ state: 'incomplete', missingArtefacts, stage: 'ingest' });
    const proceeded = decideAll(
      openScheduled,
      { type: 'MarkIncompleteAtCutOff', data: { cycleId, missingArtefacts }, metadata: { now: at(30) } },
      {
        type: 'ProceedAtCutOff',
        data: { cycleId, runId: run1, actor: 'user-42', reason: 'Go on.' },
        metadata: { now: at(40) },
      },
    );
    expect(project(proceeded)).toMatchObject({ state: 'running', missingArtefacts: [], updatedAt: iso(40) });
  });

  it('shows when the run last stalled, cleared when it moves on', () => {
    const budgets = { ingest: 5, extract: 5, validate: 5, compare: 5, rank: 5, report: 5 };
    const stalled = decideAll(openScheduled, {
      type: 'CheckStall',
      data: { cycleId, budgets },
      metadata: { now: at(6) },
    });
    expect(project(stalled)).toMatchObject({ lastStalledAt: iso(6), state: 'running' });
    expect(project([...stalled, ...decideAll(openScheduled, complete('ingest', 7)).slice(3)])).toMatchObject({
      lastStalledAt: null,
      stage: 'extract',
    });
  });

  it('ignores events of a run that is no longer current', () => {
    const overview = project(
      decideAll(openScheduled, {
        type: 'StartRerun',
        data: { cycleId, replacesRunId: run1, reason: 'r', actor: 'u' },
        metadata: { now: at(5) },
      }),
    );
    const stale: CycleEvent = {
      type: 'RunCompleted',
      data: { cycleId, runId: run1, cause: { kind: 'clock' }, at: iso(9) },
    };
    expect(evolveCycleOverview(overview, stale)).toBe(overview);
  });
});
