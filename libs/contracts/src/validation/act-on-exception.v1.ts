import { defineCommand, type CommandReply, type CommandRequest } from '../define-event';
import { VALIDATION_COMMAND_REQUIRED, validationCommandEnvelope } from './validation-commands.schemas';
import { VALIDATION_CONTEXT, vId, vInstant } from './validation-record.schemas';

/** A reviewer or operator acts on one exception: assign, monitor, follow up, accept, edit or reject. */
export const actOnExceptionV1 = defineCommand({
  context: VALIDATION_CONTEXT,
  name: 'ActOnException',
  version: 1,
  requestSchema: {
    type: 'object',
    description:
      'accept / edit / reject resolve it (rationale required; edit needs value and unit; accepting a conflict may name chosenClaimId, the suggestion otherwise), monitor needs a rationale, follow_up a nextAction, assign an assignee. Refusals: EXCEPTION_NOT_FOUND, EXCEPTION_ALREADY_RESOLVED, EXCEPTION_TRANSITION_NOT_ALLOWED, EXCEPTION_ACTION_FORBIDDEN, REVIEWER_DECISION_REQUIRED, RATIONALE_REQUIRED, EDIT_VALUE_REQUIRED, CONFLICT_CHOICE_INVALID, FUND_LOCKED.',
    additionalProperties: false,
    required: [...VALIDATION_COMMAND_REQUIRED, 'exceptionId', 'action'],
    properties: {
      ...validationCommandEnvelope,
      exceptionId: vId,
      action: { type: 'string', enum: ['assign', 'monitor', 'follow_up', 'accept', 'edit', 'reject'] },
      rationale: { type: 'string' },
      chosenClaimId: vId,
      value: { type: 'string' },
      unit: vId,
      nextAction: { type: 'string' },
      dueAt: vInstant,
      assignee: vId,
    },
  },
  replySchema: {
    type: 'object',
    additionalProperties: false,
    required: ['exceptionId', 'status', 'changed', 'fundReady'],
    properties: {
      exceptionId: vId,
      status: { type: 'string', enum: ['open', 'monitoring', 'resolved'] },
      changed: {
        type: 'boolean',
        description: 'False when nothing new was recorded (same assignee, retry).',
      },
      fundReady: {
        type: 'boolean',
        description:
          'This action resolved the fund’s last open blocking exception: FundReadyForReport was appended.',
      },
    },
  },
  example: {
    request: {
      commandId: '0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a',
      actor: 'reviewer-3',
      actorRoles: ['reviewer'],
      exceptionId: 'exc-5f1c0b2a9d8e7f6a5b4c3d2e1f0a9b8c',
      action: 'accept',
      rationale: 'The N-PORT figure is audited and as of month end; the NAV file total is two days older.',
      chosenClaimId: '81f4b0d9-9523-5b39-8ebd-ea5a46470483',
    },
    reply: {
      exceptionId: 'exc-5f1c0b2a9d8e7f6a5b4c3d2e1f0a9b8c',
      status: 'resolved',
      changed: true,
      fundReady: true,
    },
  },
});

export type ActOnExceptionRequest = CommandRequest<typeof actOnExceptionV1>;
export type ActOnExceptionReply = CommandReply<typeof actOnExceptionV1>;
