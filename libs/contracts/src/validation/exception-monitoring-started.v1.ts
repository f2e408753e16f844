import { defineEvent, type EventData } from '../define-event';
import { VALIDATION_CONTEXT, vId, vInstant, vRationale } from './validation-record.schemas';

/** A reviewer chose to watch the issue rather than resolve it now: open → monitoring. */
export const exceptionMonitoringStartedV1 = defineEvent({
  context: VALIDATION_CONTEXT,
  name: 'ExceptionMonitoringStarted',
  version: 1,
  schema: {
    type: 'object',
    description: 'Reviewer action monitor. A monitored exception still blocks review if it is blocking.',
    additionalProperties: false,
    required: ['exceptionId', 'actor', 'rationale', 'at'],
    properties: { exceptionId: vId, actor: vId, rationale: vRationale, at: vInstant },
  },
  example: {
    exceptionId: 'exc-5f1c0b2a9d8e7f6a5b4c3d2e1f0a9b8c',
    actor: 'reviewer-3',
    rationale: 'Known timing difference; check again when the next filing arrives.',
    at: '2026-11-04T12:30:00.000Z',
  },
});

export type ExceptionMonitoringStartedV1 = EventData<typeof exceptionMonitoringStartedV1>;
