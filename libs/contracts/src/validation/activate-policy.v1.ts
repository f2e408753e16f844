import { defineCommand, type CommandReply, type CommandRequest } from '../define-event';
import { VALIDATION_COMMAND_REQUIRED, validationCommandEnvelope } from './validation-commands.schemas';
import { VALIDATION_CONTEXT, vPolicyId, vRationale, vSha256 } from './validation-record.schemas';

/** An administrator makes a policy version kept in the repository the one new cycles pin. */
export const activatePolicyV1 = defineCommand({
  context: VALIDATION_CONTEXT,
  name: 'ActivatePolicy',
  version: 1,
  requestSchema: {
    type: 'object',
    description:
      'Appends PolicyVersionActivated. Refusals: POLICY_ACTIVATION_FORBIDDEN, RATIONALE_REQUIRED, POLICY_VERSION_UNKNOWN (no such document), POLICY_VERSION_ALREADY_ACTIVE, POLICY_CONTENT_MISMATCH.',
    additionalProperties: false,
    required: [...VALIDATION_COMMAND_REQUIRED, 'policyId', 'rationale'],
    properties: { ...validationCommandEnvelope, policyId: vPolicyId, rationale: vRationale },
  },
  replySchema: {
    type: 'object',
    additionalProperties: false,
    required: ['policyId', 'contentHash'],
    properties: { policyId: vPolicyId, contentHash: vSha256, previousPolicyId: vPolicyId },
  },
  example: {
    request: {
      commandId: '6b1f7c9e-2d4a-4e8b-9f0a-1c2d3e4f5a6b',
      actor: 'admin-7',
      actorRoles: ['administrator'],
      policyId: 'materiality@2',
      rationale: 'Pilot calibration: fee threshold lowered from 10 to 5 bps.',
    },
    reply: {
      policyId: 'materiality@2',
      contentHash: '9f2c4d1e6b7a8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f',
      previousPolicyId: 'materiality@1',
    },
  },
});

export type ActivatePolicyRequest = CommandRequest<typeof activatePolicyV1>;
export type ActivatePolicyReply = CommandReply<typeof activatePolicyV1>;
