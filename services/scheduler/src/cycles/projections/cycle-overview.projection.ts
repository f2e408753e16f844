import type { CycleKind, MissingRequiredArtefact, PinnedPolicyVersions, RunStage } from '@fai/contracts';
import { assertNever } from '@fai/decider';
import type { CycleEvent, RunState } from '../cycle.decider';

/**
 * One row per cycle: where it is and since when. `state` is the current run's status, so the
 * overview never shows a cycle in two states; `stage` is `review` once every stage is done.
 */
export interface CycleOverview {
  cycleId: string;
  portfolioId: string;
  period: string;
  kind: CycleKind;
  currentRunId: string | null;
  currentRunNumber: number;
  stage: RunStage | 'review' | null;
  state: RunState['status'] | 'opened';
  publicationBlocked: boolean;
  failure: { stage: RunStage; errorCode: string } | null;
  missingArtefacts: MissingRequiredArtefact[];
  /** The policy versions the current run uses (a rerun may re-pin them). */
  pinnedPolicyVersions: PinnedPolicyVersions;
  openedAt: string;
  runStartedAt: string | null;
  stageStartedAt: string | null;
  completedAt: string | null;
  lastStalledAt: string | null;
  updatedAt: string;
}

/** Pure: the caller loads the row of `event`'s cycle (null before CycleOpened) and saves what this returns. */
export function evolveCycleOverview(overview: CycleOverview | null, event: CycleEvent): CycleOverview | null {
  if (event.type === 'CycleOpened') {
    const { cycleId, portfolioId, period, kind, pinnedPolicyVersions, at } = event.data;
    return {
      cycleId,
      portfolioId,
      period,
      kind,
      currentRunId: null,
      currentRunNumber: 0,
      stage: null,
      state: 'opened',
      publicationBlocked: false,
      failure: null,
      missingArtefacts: [],
      pinnedPolicyVersions,
      openedAt: at,
      runStartedAt: null,
      stageStartedAt: null,
      completedAt: null,
      lastStalledAt: null,
      updatedAt: at,
    };
  }
  if (!overview) return overview;
  const { at } = event.data;
  // Events of a run that is no longer current (its RunSuperseded comes before the next RunStarted) change nothing.
  if (event.type !== 'RunStarted' && event.data.runId !== overview.currentRunId) return overview;
  const updated = { ...overview, updatedAt: at };
  switch (event.type) {
    case 'RunStarted':
      return {
        ...updated,
        currentRunId: event.data.runId,
        currentRunNumber: event.data.runNumber,
        stage: null,
        state: 'running',
        publicationBlocked: false,
        failure: null,
        missingArtefacts: [],
        pinnedPolicyVersions: event.data.pinnedPolicyVersions,
        runStartedAt: at,
        stageStartedAt: null,
        completedAt: null,
        lastStalledAt: null,
      };
    case 'RunStageStarted':
      return {
        ...updated,
        stage: event.data.stage,
        state: 'running',
        stageStartedAt: at,
        missingArtefacts: [],
        lastStalledAt: null,
      };
    case 'RunStageCompleted':
    case 'RunFundLocked':
      return updated;
    case 'RunFailed':
      return {
        ...updated,
        state: 'failed',
        publicationBlocked: true,
        failure: { stage: event.data.stage, errorCode: event.data.errorCode },
      };
    case 'RunSuperseded':
      return { ...updated, state: 'superseded' };
    case 'RunMarkedIncomplete':
      return { ...updated, state: 'incomplete', missingArtefacts: event.data.missingArtefacts };
    case 'RunProceededAtCutOff':
      return { ...updated, state: 'running', missingArtefacts: [] };
    case 'CycleStalled':
      return { ...updated, lastStalledAt: at };
    case 'RunCompleted':
      return { ...updated, stage: 'review', state: 'completed', completedAt: at };
    default:
      return assertNever(event, 'cycle event');
  }
}
