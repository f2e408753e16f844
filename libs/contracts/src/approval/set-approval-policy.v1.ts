import { defineCommand, type CommandReply, type CommandRequest } from '../define-event';
import { actorSchema, APPROVAL_CONTEXT, commandIdSchema, idSchema } from './approval.schemas';

/** Sets a portfolio's separation-of-duties policy for approvals. */
export const setApprovalPolicyV1 = defineCommand({
  context: APPROVAL_CONTEXT,
  name: 'SetApprovalPolicy',
  version: 1,
  requestSchema: {
    type: 'object',
    description:
      'Both flags false (the default for every portfolio) is strict four eyes. Setting the policy already in force writes nothing (changed: false).',
    additionalProperties: false,
    required: [
      'commandId',
      'actor',
      'portfolioId',
      'approverMayBeOperator',
      'approverMayBeSubmitter',
      'rationale',
    ],
    properties: {
      commandId: commandIdSchema,
      actor: actorSchema,
      portfolioId: idSchema,
      approverMayBeOperator: { type: 'boolean' },
      approverMayBeSubmitter: { type: 'boolean' },
      rationale: { type: 'string', pattern: '\\S', description: 'Why, in words an auditor can read.' },
    },
  },
  replySchema: {
    type: 'object',
    additionalProperties: false,
    required: ['portfolioId', 'changed'],
    properties: {
      portfolioId: idSchema,
      changed: {
        type: 'boolean',
        description: 'False when the policy was already so: no event was written.',
      },
    },
  },
  example: {
    request: {
      commandId: '1b2c3d4e-5f60-4718-89a0-b1c2d3e4f5a6',
      actor: 'admin-1',
      portfolioId: 'pf-001',
      approverMayBeOperator: true,
      approverMayBeSubmitter: false,
      rationale: 'Two-person team: the operator reviews, the analyst submits.',
    },
    reply: { portfolioId: 'pf-001', changed: true },
  },
});

export type SetApprovalPolicyRequest = CommandRequest<typeof setApprovalPolicyV1>;
export type SetApprovalPolicyReply = CommandReply<typeof setApprovalPolicyV1>;
