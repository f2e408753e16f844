import { defineEvent, type EventData } from '../define-event';
import { causeSchema, idSchema, instantSchema, SCHEDULER_CONTEXT } from './scheduler.schemas';

/** A fund of a completed run was approved or published: from now on no rerun may replace that run. */
export const runFundLockedV1 = defineEvent({
  context: SCHEDULER_CONTEXT,
  name: 'RunFundLocked',
  version: 1,
  schema: {
    type: 'object',
    description:
      'The scheduler learnt (from the approval or reporting event named in cause) that a fund’s content is locked.',
    additionalProperties: false,
    required: ['cycleId', 'runId', 'fundId', 'lock', 'cause', 'at'],
    properties: {
      cycleId: idSchema,
      runId: idSchema,
      fundId: idSchema,
      lock: { type: 'string', enum: ['approved', 'published'] },
      cause: causeSchema,
      at: instantSchema,
    },
  },
  example: {
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    fundId: 'fund-7',
    lock: 'approved',
    cause: { kind: 'event', eventId: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b' },
    at: '2026-11-09T14:00:00.000Z',
  },
});

export type RunFundLockedV1 = EventData<typeof runFundLockedV1>;
