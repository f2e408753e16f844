import { defineEvent, type EventData } from '../define-event';
import { causeSchema, idSchema, instantSchema, SCHEDULER_CONTEXT, stageSchema } from './scheduler.schemas';

/** The run entered a stage: the stage's service may start, and the stall clock for it starts ticking. */
export const runStageStartedV1 = defineEvent({
  context: SCHEDULER_CONTEXT,
  name: 'RunStageStarted',
  version: 1,
  schema: {
    type: 'object',
    description:
      'The run is now in this stage; ingest starts with the run, each later stage when the one before completes.',
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
    stage: 'extract',
    cause: { kind: 'event', eventId: '3f0c1a52-6b1e-4f7e-9d2a-1c5e8b7a9d10' },
    at: '2026-11-04T09:12:00.000Z',
  },
});

export type RunStageStartedV1 = EventData<typeof runStageStartedV1>;
