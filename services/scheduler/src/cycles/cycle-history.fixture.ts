import { fold } from '@fai/decider';
import { cycleDecider, type CycleCommand, type CycleEvent } from './cycle.decider';

/*
 * Shared by the cycle's unit specs: one October 2026 cycle of portfolio pf-001, opened at T0,
 * and a way to build histories by running commands through the decider as the application would.
 */

export const T0 = Date.parse('2026-11-04T07:00:00.000Z');
/** The instant `minutes` after the cycle opened. */
export const at = (minutes: number) => new Date(T0 + minutes * 60_000);
export const iso = (minutes: number) => at(minutes).toISOString();

export const cycleId = 'pf-001-2026-10-scheduled';
export const run1 = `${cycleId}-run-1`;
export const run2 = `${cycleId}-run-2`;

export const openScheduled: CycleCommand = {
  type: 'OpenCycle',
  data: { portfolioId: 'pf-001', period: '2026-10', kind: 'scheduled', openedBy: { kind: 'clock' } },
  metadata: { now: at(0) },
};

/** Every event the commands decide, in order, each command deciding on the state the previous ones left. */
export function decideAll(...commands: CycleCommand[]): CycleEvent[] {
  return commands.reduce<CycleEvent[]>(
    (history, command) => [...history, ...cycleDecider.decide(command, fold(cycleDecider, history))],
    [],
  );
}
