import type { CycleEvent } from './cycle.decider';

// A record over the union: adding an event to the decider without listing it here fails to compile.
const CYCLE_EVENT_TYPES: Record<CycleEvent['type'], true> = {
  CycleOpened: true,
  RunStarted: true,
  RunStageStarted: true,
  RunStageCompleted: true,
  RunFailed: true,
  RunSuperseded: true,
  RunMarkedIncomplete: true,
  RunProceededAtCutOff: true,
  CycleStalled: true,
  RunCompleted: true,
  RunFundLocked: true,
};

/** Whether a stored event of this type belongs to a cycle stream. */
export function isCycleEvent(type: string): boolean {
  return Object.hasOwn(CYCLE_EVENT_TYPES, type);
}
