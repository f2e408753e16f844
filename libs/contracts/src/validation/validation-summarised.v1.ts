import { defineEvent, type EventData } from '../define-event';
import { VALIDATION_CONTEXT, vDecimal, vId, vInstant, vPolicyId, vRunRef } from './validation-record.schemas';

const count = { type: 'integer', minimum: 0 } as const;
const counts = { type: 'object', additionalProperties: count } as const;

/** What validating the run found, counted per category and severity (ValidationCompleted carries no counts). */
export const validationSummarisedV1 = defineEvent({
  context: VALIDATION_CONTEXT,
  name: 'ValidationSummarised',
  version: 1,
  schema: {
    type: 'object',
    description:
      'Appended with ValidationCompleted for the same run: exception counts per kind and severity, delta counts per change category and severity, alerts, check outcomes and completeness per fund.',
    additionalProperties: false,
    required: [
      'portfolioId',
      'cycleId',
      'runId',
      'rulesetId',
      'materialityId',
      'sourcePolicyId',
      'funds',
      'exceptions',
      'deltas',
      'alerts',
      'checks',
      'at',
    ],
    properties: {
      ...vRunRef,
      rulesetId: vPolicyId,
      materialityId: vPolicyId,
      sourcePolicyId: vPolicyId,
      funds: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['fundId', 'completenessScore', 'baseline', 'blockingExceptions'],
          properties: {
            fundId: vId,
            completenessScore: vDecimal,
            baseline: { type: 'boolean' },
            blockingExceptions: count,
          },
        },
      },
      exceptions: {
        type: 'object',
        additionalProperties: false,
        required: ['total', 'blocking', 'byKind', 'bySeverity'],
        properties: { total: count, blocking: count, byKind: counts, bySeverity: counts },
      },
      deltas: {
        type: 'object',
        additionalProperties: false,
        required: ['total', 'byCategory', 'bySeverity'],
        properties: { total: count, byCategory: counts, bySeverity: counts },
      },
      alerts: {
        type: 'object',
        additionalProperties: false,
        required: ['total', 'bySeverity'],
        properties: { total: count, bySeverity: counts },
      },
      checks: counts,
      at: vInstant,
    },
  },
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2024-06-scheduled',
    runId: 'pf-001-2024-06-scheduled-run-1',
    rulesetId: 'ruleset@1',
    materialityId: 'materiality@1',
    sourcePolicyId: 'source-policy@1',
    funds: [{ fundId: 'fund-pimco-ldi', completenessScore: '1.0000', baseline: true, blockingExceptions: 1 }],
    exceptions: {
      total: 2,
      blocking: 1,
      byKind: { contradiction: 1, needs_verification: 1 },
      bySeverity: { high: 1, low: 1 },
    },
    deltas: { total: 0, byCategory: {}, bySeverity: {} },
    alerts: { total: 1, bySeverity: { high: 1 } },
    checks: { passed: 5, flagged: 1, not_applicable: 2 },
    at: '2026-11-04T10:30:00.000Z',
  },
});

export type ValidationSummarisedV1 = EventData<typeof validationSummarisedV1>;
