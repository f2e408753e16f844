import { defineEvent, type EventData } from '../define-event';
import { VALIDATION_CONTEXT, vId, vInstant } from './validation-record.schemas';

/** The exception has an owner: the person who takes the next action. */
export const exceptionAssignedV1 = defineEvent({
  context: VALIDATION_CONTEXT,
  name: 'ExceptionAssigned',
  version: 1,
  schema: {
    type: 'object',
    description: 'Assigned or reassigned while the exception is open or monitored.',
    additionalProperties: false,
    required: ['exceptionId', 'assignee', 'actor', 'at'],
    properties: { exceptionId: vId, assignee: vId, actor: vId, at: vInstant },
  },
  example: {
    exceptionId: 'exc-5f1c0b2a9d8e7f6a5b4c3d2e1f0a9b8c',
    assignee: 'reviewer-3',
    actor: 'operator-1',
    at: '2026-11-04T11:00:00.000Z',
  },
});

export type ExceptionAssignedV1 = EventData<typeof exceptionAssignedV1>;
