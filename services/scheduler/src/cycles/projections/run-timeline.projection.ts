import type { RunStage, SchedulerCause } from '@fai/contracts';
import type { CycleEvent } from '../cycle.decider';

type RunEvent = Exclude<CycleEvent, { type: 'CycleOpened' }>;

export interface RunTimelineEntry {
  at: string;
  event: RunEvent['type'];
  cause: SchedulerCause;
  /** The event's own facts, e.g. stage, errorCode, missingArtefacts, reason. */
  detail: Record<string, unknown>;
}

export interface StageTiming {
  startedAt: string;
  completedAt: string | null;
  durationMs: number | null;
}

/** One run's history, in order, with how long each stage took. */
export interface RunTimeline {
  cycleId: string;
  runId: string;
  runNumber: number;
  replacesRunId: string | null;
  stages: Partial<Record<RunStage, StageTiming>>;
  entries: RunTimelineEntry[];
}

/** The run a cycle event belongs to; CycleOpened belongs to none (RunStarted of run 1 follows it). */
export function runIdOf(event: CycleEvent): string | null {
  return event.type === 'CycleOpened' ? null : event.data.runId;
}

/** Pure: the caller loads the timeline of `runIdOf(event)` (null before its RunStarted) and saves what this returns. */
export function evolveRunTimeline(timeline: RunTimeline | null, event: CycleEvent): RunTimeline | null {
  if (event.type === 'CycleOpened') return timeline;
  const { cycleId, runId, at, cause, ...detail } = event.data;
  const entry: RunTimelineEntry = { at, event: event.type, cause, detail };
  if (event.type === 'RunStarted') {
    const { runNumber, replacesRunId } = event.data;
    return { cycleId, runId, runNumber, replacesRunId: replacesRunId ?? null, stages: {}, entries: [entry] };
  }
  if (!timeline || timeline.runId !== runId) return timeline;
  return { ...timeline, stages: evolveStages(timeline.stages, event), entries: [...timeline.entries, entry] };
}

function evolveStages(stages: RunTimeline['stages'], event: RunEvent): RunTimeline['stages'] {
  switch (event.type) {
    case 'RunStageStarted':
      return {
        ...stages,
        [event.data.stage]: { startedAt: event.data.at, completedAt: null, durationMs: null },
      };
    case 'RunStageCompleted': {
      const { stage, at } = event.data;
      const started = stages[stage];
      if (!started) return stages;
      return {
        ...stages,
        [stage]: { ...started, completedAt: at, durationMs: Date.parse(at) - Date.parse(started.startedAt) },
      };
    }
    default:
      return stages;
  }
}
