import { defineEvent, type EventData } from '../define-event';
import { causeSchema, idSchema, instantSchema, SCHEDULER_CONTEXT, stageSchema } from './scheduler.schemas';

/** The run's current stage finished, as reported by the event of the service that did the work. */
export const runStageCompletedV1 = defineEvent({
  context: SCHEDULER_CONTEXT,
  name: 'RunStageCompleted',
  version: 1,
  schema: {
    type: 'object',
    description:
      'The stage completed; cause names the stage event (e.g. InventoryCompleted) the scheduler reacted to.',
    additionalProperties: false,
    required: ['cycleId', 'runId', 'stage', 'cause', 'at'],
    properties: {
      cycleId: idSchema,
      runId: idSchema,
      stage: stageSchema,
      cause: causeSchema,
      at: instantSchema,
    },
  },
  example: {
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    stage: 'ingest',
    cause: { kind: 'event', eventId: '3f0c1a52-6b1e-4f7e-9d2a-1c5e8b7a9d10' },
    at: '2026-11-04T09:12:00.000Z',
  },
});

export type RunStageCompletedV1 = EventData<typeof runStageCompletedV1>;
