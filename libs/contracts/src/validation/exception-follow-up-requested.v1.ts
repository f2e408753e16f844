import { defineEvent, type EventData } from '../define-event';
import { VALIDATION_CONTEXT, vId, vInstant, vRationale } from './validation-record.schemas';

/** A reviewer asked for more (a document, a manager's answer): the exception stays where it is, with a next action. */
export const exceptionFollowUpRequestedV1 = defineEvent({
  context: VALIDATION_CONTEXT,
  name: 'ExceptionFollowUpRequested',
  version: 1,
  schema: {
    type: 'object',
    description:
      'Reviewer action follow-up: records the next action and its due date; the status does not change.',
    additionalProperties: false,
    required: ['exceptionId', 'actor', 'nextAction', 'at'],
    properties: {
      exceptionId: vId,
      actor: vId,
      nextAction: vRationale,
      dueAt: vInstant,
      at: vInstant,
    },
  },
  example: {
    exceptionId: 'exc-5f1c0b2a9d8e7f6a5b4c3d2e1f0a9b8c',
    actor: 'reviewer-3',
    nextAction: 'Ask the administrator which net assets figure the factsheet used.',
    dueAt: '2026-11-10T17:00:00.000Z',
    at: '2026-11-04T12:00:00.000Z',
  },
});

export type ExceptionFollowUpRequestedV1 = EventData<typeof exceptionFollowUpRequestedV1>;
