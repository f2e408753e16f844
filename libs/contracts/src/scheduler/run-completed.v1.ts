import { defineEvent, type EventData } from '../define-event';
import { causeSchema, idSchema, instantSchema, SCHEDULER_CONTEXT } from './scheduler.schemas';

/** Every stage of the run is done: its funds go to per-fund review. */
export const runCompletedV1 = defineEvent({
  context: SCHEDULER_CONTEXT,
  name: 'RunCompleted',
  version: 1,
  schema: {
    type: 'object',
    description:
      'The report stage completed; each fund of the run now moves through its own review workflow.',
    additionalProperties: false,
    required: ['cycleId', 'runId', 'cause', 'at'],
    properties: { cycleId: idSchema, runId: idSchema, cause: causeSchema, at: instantSchema },
  },
  example: {
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    cause: { kind: 'event', eventId: 'c2b8e5a1-9f3d-4e7a-8b6c-0d1e2f3a4b5c' },
    at: '2026-11-04T15:40:00.000Z',
  },
});

export type RunCompletedV1 = EventData<typeof runCompletedV1>;
