import { defineEvent, type EventData } from '../define-event';
import { APPROVAL_CONTEXT, idSchema, instantSchema } from './approval.schemas';

/** A portfolio's separation-of-duties policy changed; until the first one, both rules hold (four eyes). */
export const approvalPolicySetV1 = defineEvent({
  context: APPROVAL_CONTEXT,
  name: 'ApprovalPolicySet',
  version: 1,
  schema: {
    type: 'object',
    description:
      'Applies to approvals from now on, in every cycle of the portfolio. Both flags false is strict four eyes, the default.',
    additionalProperties: false,
    required: ['portfolioId', 'approverMayBeOperator', 'approverMayBeSubmitter', 'setBy', 'rationale', 'at'],
    properties: {
      portfolioId: idSchema,
      approverMayBeOperator: {
        type: 'boolean',
        description: 'Whether the operator of the fund’s run may approve the fund.',
      },
      approverMayBeSubmitter: {
        type: 'boolean',
        description: 'Whether whoever submitted the fund for review may approve it.',
      },
      setBy: idSchema,
      rationale: { type: 'string', pattern: '\\S', description: 'Why, in words an auditor can read.' },
      at: instantSchema,
    },
  },
  example: {
    portfolioId: 'pf-001',
    approverMayBeOperator: true,
    approverMayBeSubmitter: false,
    setBy: 'admin-1',
    rationale: 'Two-person team: the operator reviews, the analyst submits.',
    at: '2026-11-01T09:00:00.000Z',
  },
});

export type ApprovalPolicySetV1 = EventData<typeof approvalPolicySetV1>;
