import { defineEvent, type EventData } from '../define-event';
import {
  VALIDATION_CONTEXT,
  vClaimIds,
  vDate,
  vDecimal,
  vId,
  vInstant,
  vPolicyId,
  vRunRef,
} from './validation-record.schemas';

export const FIELD_BLANKS = ['missing', 'not_yet_filed', 'stale', 'suppressed', 'conflicted'] as const;
export const CHECK_STATUSES = ['passed', 'failed', 'flagged', 'not_applicable'] as const;

export const completenessSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['score', 'required', 'present', 'missing'],
  properties: {
    score: { ...vDecimal, description: 'present / required, 0..1.' },
    required: { type: 'integer', minimum: 0 },
    present: { type: 'integer', minimum: 0 },
    missing: { type: 'array', items: vId },
  },
} as const;

export const fieldSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'A validated value, or a typed blank saying why there is none. Never a guess.',
  required: ['key', 'metric', 'state', 'claimIds', 'sourceCount'],
  properties: {
    key: vId,
    metric: vId,
    shareClass: vId,
    subject: vId,
    state: { type: 'string', enum: ['value', 'blank'] },
    value: { type: 'string' },
    unit: vId,
    asOf: vDate,
    blank: { type: 'string', enum: FIELD_BLANKS },
    reason: vId,
    claimIds: {
      ...vClaimIds,
      description: 'The claims that support (or, for a conflict, dispute) the value.',
    },
    chosenClaimId: vId,
    sourceCount: { type: 'integer', minimum: 0, description: 'Distinct artefacts among the claims.' },
    resolvedByExceptionId: vId,
  },
} as const;

export const checkSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['checkId', 'rule', 'status', 'message', 'evidenceClaimIds', 'measures'],
  properties: {
    checkId: vId,
    rule: vId,
    status: { type: 'string', enum: CHECK_STATUSES },
    subject: vId,
    message: vId,
    evidenceClaimIds: vClaimIds,
    measures: {
      type: 'object',
      additionalProperties: vDecimal,
      description: 'Values, expectations, deviations.',
    },
  },
} as const;

/** One fund's claims are settled into fields and checked under the pinned ruleset. */
export const fundValidatedV1 = defineEvent({
  context: VALIDATION_CONTEXT,
  name: 'FundValidated',
  version: 1,
  schema: {
    type: 'object',
    description:
      'The fund’s fields, check results and completeness score for the run; its exceptions are raised separately.',
    additionalProperties: false,
    required: [
      'portfolioId',
      'cycleId',
      'runId',
      'fundId',
      'scope',
      'rulesetId',
      'sourcePolicyId',
      'completeness',
      'fields',
      'checks',
      'claimStatusCounts',
      'at',
    ],
    properties: {
      ...vRunRef,
      fundId: vId,
      scope: { ...vId, description: 'The ruleset scope whose required fields apply.' },
      rulesetId: vPolicyId,
      sourcePolicyId: vPolicyId,
      completeness: completenessSchema,
      fields: { type: 'array', items: fieldSchema },
      checks: { type: 'array', items: checkSchema },
      claimStatusCounts: {
        type: 'object',
        additionalProperties: { type: 'integer', minimum: 0 },
        description: 'supported, conflicted, missing, stale, needs_verification.',
      },
      at: vInstant,
    },
  },
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2024-06-scheduled',
    runId: 'pf-001-2024-06-scheduled-run-1',
    fundId: 'fund-pimco-ldi',
    scope: 'us_registered_fund',
    rulesetId: 'ruleset@1',
    sourcePolicyId: 'source-policy@1',
    completeness: { score: '1.0000', required: 6, present: 6, missing: [] },
    fields: [
      {
        key: 'fund.net_assets',
        metric: 'fund.net_assets',
        state: 'value',
        value: '10108107972.19',
        unit: 'USD',
        asOf: '2024-06-30',
        claimIds: ['81f4b0d9-9523-5b39-8ebd-ea5a46470483'],
        chosenClaimId: '81f4b0d9-9523-5b39-8ebd-ea5a46470483',
        sourceCount: 1,
      },
    ],
    checks: [
      {
        checkId: 'balance_sheet',
        rule: 'balance_sheet',
        status: 'passed',
        message: 'net assets equal total assets minus liabilities',
        evidenceClaimIds: ['81f4b0d9-9523-5b39-8ebd-ea5a46470483'],
        measures: { expected: '10108107972.19', actual: '10108107972.19', deviation: '0' },
      },
    ],
    claimStatusCounts: { supported: 42 },
    at: '2026-11-04T10:30:00.000Z',
  },
});

export type FundValidatedV1 = EventData<typeof fundValidatedV1>;
export type FieldRecordV1 = FundValidatedV1['fields'][number];
export type CheckRecordV1 = FundValidatedV1['checks'][number];
