import { defineCommand, type CommandReply, type CommandRequest } from '../define-event';
import { exceptionResolutionSourceSchema as resolutionSourceSchema } from './exception-resolved.v1';
import { deltaSchema, fundDeltasComputedV1 } from './fund-deltas-computed.v1';
import { pinnedPoliciesSchema } from './fund-ready-for-report.v1';
import { checkSchema, completenessSchema, fieldSchema } from './fund-validated.v1';
import {
  VALIDATION_CONTEXT,
  vClaimIds,
  vDate,
  vDecimal,
  vExceptionKind,
  vId,
  vInstant,
  vRunRef,
  vSeverity,
} from './validation-record.schemas';

const decisionSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'One reviewer or operator action on the exception, oldest first.',
  required: ['action', 'actor', 'at'],
  properties: {
    action: { type: 'string', enum: ['assign', 'monitor', 'follow_up', 'accept', 'edit', 'reject'] },
    actor: vId,
    rationale: {
      type: 'string',
      description: 'Why (resolutions, monitoring); the next action for a follow-up.',
    },
    assignee: vId,
    at: vInstant,
    chosenValue: { type: 'string', description: 'accept / edit: the value the field now has.' },
    chosenUnit: vId,
    chosenSource: {
      ...resolutionSourceSchema,
      description: 'accept / edit: the claim chosen, or the reviewer’s own edit.',
    },
  },
} as const;

const exceptionSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'exceptionId',
    'kind',
    'severity',
    'blocking',
    'status',
    'materialityScore',
    'summary',
    'claimIds',
    'decisions',
  ],
  properties: {
    exceptionId: vId,
    kind: vExceptionKind,
    severity: vSeverity,
    blocking: { type: 'boolean' },
    status: { type: 'string', enum: ['open', 'monitoring', 'resolved'] },
    materialityScore: { ...vDecimal, description: 'The total under the pinned materiality policy, 0..1.' },
    summary: vId,
    fieldKey: vId,
    assignee: vId,
    claimIds: vClaimIds,
    decisions: { type: 'array', items: decisionSchema },
  },
} as const;

/** Everything a memo and an evidence pack need about one fund in one run, as validation has it now. */
export const getFundReviewV1 = defineCommand({
  context: VALIDATION_CONTEXT,
  name: 'GetFundReview',
  version: 1,
  requestSchema: {
    type: 'object',
    description:
      'A query: changes nothing. Refusal: FUND_REVIEW_NOT_FOUND (the run never validated the fund).',
    additionalProperties: false,
    required: ['cycleId', 'runId', 'fundId'],
    properties: { cycleId: vId, runId: vId, fundId: vId },
  },
  replySchema: {
    type: 'object',
    description:
      'Fields carry exception resolutions already applied; exceptions are ordered by materiality, highest first.',
    additionalProperties: false,
    required: [
      'portfolioId',
      'cycleId',
      'runId',
      'fundId',
      'asOf',
      'baseline',
      'policies',
      'completeness',
      'fields',
      'checks',
      'deltas',
      'exceptions',
      'alerts',
    ],
    properties: {
      ...vRunRef,
      fundId: vId,
      asOf: { ...vDate, description: 'The period end date the run reports on.' },
      baseline: { type: 'boolean', description: 'No approved snapshot before: no deltas.' },
      priorSnapshot: {
        type: 'object',
        additionalProperties: false,
        description: 'The approved (published) run the deltas compare with.',
        required: ['cycleId', 'runId'],
        properties: { cycleId: vId, runId: vId },
      },
      policies: pinnedPoliciesSchema,
      completeness: completenessSchema,
      fields: { type: 'array', items: fieldSchema },
      checks: { type: 'array', items: checkSchema },
      deltas: { type: 'array', items: deltaSchema },
      exceptions: { type: 'array', items: exceptionSchema },
      alerts: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['alertId', 'summary', 'score'],
          properties: {
            alertId: vId,
            summary: vId,
            score: vDecimal,
            severity: vSeverity,
            exceptionId: vId,
            deltaId: vId,
          },
        },
      },
    },
  },
  example: {
    request: {
      cycleId: 'pf-001-2026-10-scheduled',
      runId: 'pf-001-2026-10-scheduled-run-1',
      fundId: 'fund-lg-cash',
    },
    reply: {
      portfolioId: 'pf-001',
      cycleId: 'pf-001-2026-10-scheduled',
      runId: 'pf-001-2026-10-scheduled-run-1',
      fundId: 'fund-lg-cash',
      asOf: '2026-10-31',
      baseline: false,
      priorSnapshot: { cycleId: 'pf-001-2026-09-scheduled', runId: 'pf-001-2026-09-scheduled-run-1' },
      policies: { ruleset: 'ruleset@1', materiality: 'materiality@1', sourcePolicy: 'source-policy@1' },
      completeness: { score: '1.0000', required: 1, present: 1, missing: [] },
      fields: [
        {
          key: 'costs.ongoing_charges@GB00B0CNHB64',
          metric: 'costs.ongoing_charges',
          shareClass: 'GB00B0CNHB64',
          state: 'value',
          value: '0.25',
          unit: 'percent',
          asOf: '2026-10-15',
          claimIds: ['c0a8e1f2-0000-4000-8000-000000000001'],
          chosenClaimId: 'c0a8e1f2-0000-4000-8000-000000000001',
          sourceCount: 1,
        },
      ],
      checks: [],
      deltas: fundDeltasComputedV1.example.deltas,
      exceptions: [
        {
          exceptionId: 'exc-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d',
          kind: 'material_change',
          severity: 'high',
          blocking: true,
          status: 'resolved',
          materialityScore: '0.8500',
          summary: 'costs.ongoing_charges@GB00B0CNHB64 increased by 10 bps',
          fieldKey: 'costs.ongoing_charges@GB00B0CNHB64',
          claimIds: ['c0a8e1f2-0000-4000-8000-000000000001'],
          decisions: [
            {
              action: 'accept',
              actor: 'reviewer-3',
              rationale: 'The KIID of 15 October states the new charge; the manager confirmed it.',
              at: '2026-11-04T13:00:00.000Z',
              chosenValue: '0.25',
              chosenUnit: 'percent',
              chosenSource: { kind: 'claim', claimId: 'c0a8e1f2-0000-4000-8000-000000000001' },
            },
          ],
        },
      ],
      alerts: [
        {
          alertId: 'alert-0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f',
          summary: 'costs.ongoing_charges@GB00B0CNHB64 increased by 10 bps',
          score: '0.8500',
          severity: 'high',
          exceptionId: 'exc-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d',
          deltaId: 'delta-7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d',
        },
      ],
    },
  },
});

export type GetFundReviewRequest = CommandRequest<typeof getFundReviewV1>;
export type GetFundReviewReply = CommandReply<typeof getFundReviewV1>;
export type FundReviewException = GetFundReviewReply['exceptions'][number];
