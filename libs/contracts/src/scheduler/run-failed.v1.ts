import { defineEvent, type EventData } from '../define-event';
import { causeSchema, idSchema, instantSchema, SCHEDULER_CONTEXT, stageSchema } from './scheduler.schemas';

/** A stage could not complete: the run fails, publication is blocked for it, nothing is deleted. */
export const runFailedV1 = defineEvent({
  context: SCHEDULER_CONTEXT,
  name: 'RunFailed',
  version: 1,
  schema: {
    type: 'object',
    description: 'The run failed in this stage; a rerun is the way forward. Inputs and intermediates stay.',
    additionalProperties: false,
    required: ['cycleId', 'runId', 'stage', 'errorCode', 'diagnostics', 'publicationBlocked', 'cause', 'at'],
    properties: {
      cycleId: idSchema,
      runId: idSchema,
      stage: stageSchema,
      errorCode: {
        type: 'string',
        pattern: '^[A-Z][A-Z0-9_]*$',
        description: 'The failing service’s stable error code.',
      },
      diagnostics: {
        type: 'object',
        additionalProperties: true,
        description: 'What an operator needs to act: message, hint, failing artefact, ... (never secrets).',
      },
      publicationBlocked: { const: true },
      cause: causeSchema,
      at: instantSchema,
    },
  },
  example: {
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    stage: 'extract',
    errorCode: 'XML_NOT_WELL_FORMED',
    diagnostics: { artefactId: 'art-990', message: 'unexpected end of file at line 8812' },
    publicationBlocked: true,
    cause: { kind: 'event', eventId: '7a4e2d10-0c8b-4d6a-a1f3-5b9e2c7d8f01' },
    at: '2026-11-04T10:02:00.000Z',
  },
});

export type RunFailedV1 = EventData<typeof runFailedV1>;
