import type { SchedulerConfig } from '../scheduler.config';

/** Where the scheduler's time comes from: commands carry `now` from here, never from Date inside the domain. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };

/** Starts at `start` and runs at real speed: a whole process can live at another instant (dev only). */
export function shiftedClock(start: Date, realNow: () => number = Date.now): Clock {
  const offsetMs = start.getTime() - realNow();
  return { now: () => new Date(realNow() + offsetMs) };
}

export function clockFor(config: Pick<SchedulerConfig, 'FAI_SCHEDULER_FAKE_NOW'>): Clock {
  return config.FAI_SCHEDULER_FAKE_NOW ? shiftedClock(new Date(config.FAI_SCHEDULER_FAKE_NOW)) : systemClock;
}
