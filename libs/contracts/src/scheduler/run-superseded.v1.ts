import { defineEvent, type EventData } from '../define-event';
import { causeSchema, idSchema, instantSchema, reasonSchema, SCHEDULER_CONTEXT } from './scheduler.schemas';

/** A run was replaced by a rerun; it stays on record as it was, but nothing more happens in it. */
export const runSupersededV1 = defineEvent({
  context: SCHEDULER_CONTEXT,
  name: 'RunSuperseded',
  version: 1,
  schema: {
    type: 'object',
    description: 'The run is superseded by supersededByRunId; stage events for it are refused from now on.',
    additionalProperties: false,
    required: ['cycleId', 'runId', 'supersededByRunId', 'previousStatus', 'reason', 'cause', 'at'],
    properties: {
      cycleId: idSchema,
      runId: idSchema,
      supersededByRunId: idSchema,
      previousStatus: { type: 'string', enum: ['running', 'incomplete', 'failed', 'completed'] },
      reason: reasonSchema,
      cause: causeSchema,
      at: instantSchema,
    },
  },
  example: {
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    supersededByRunId: 'pf-001-2026-10-scheduled-run-2',
    previousStatus: 'failed',
    reason: 'Manager resent the N-PORT file with corrected holdings.',
    cause: { kind: 'operator', actor: 'user-42' },
    at: '2026-11-05T08:15:00.000Z',
  },
});

export type RunSupersededV1 = EventData<typeof runSupersededV1>;
