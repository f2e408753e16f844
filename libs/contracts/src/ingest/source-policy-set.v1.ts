import { defineEvent, type EventData } from '../define-event';
import {
  actorIdSchema,
  INGEST_CONTEXT,
  ingestIdSchema,
  ingestInstantSchema,
  outputRetentionRulesSchema,
  retentionRulesSchema,
  sourcePolicyRuleSchema,
} from './ingest.schemas';

/** A new version of a portfolio's source policy: which source types and origins intake accepts. */
export const sourcePolicySetV1 = defineEvent({
  context: INGEST_CONTEXT,
  name: 'SourcePolicySet',
  version: 1,
  schema: {
    type: 'object',
    description:
      'An allow-list: a source type with no rule, or an origin matching none of its patterns, is refused at intake (SOURCE_NOT_ALLOWED). Cycles pin a version by sourcePolicyId.',
    additionalProperties: false,
    required: ['portfolioId', 'sourcePolicyId', 'version', 'rules', 'actor', 'reason', 'at'],
    properties: {
      portfolioId: ingestIdSchema,
      sourcePolicyId: ingestIdSchema,
      version: { type: 'integer', minimum: 1 },
      rules: { type: 'array', items: sourcePolicyRuleSchema },
      retention: retentionRulesSchema,
      outputRetention: outputRetentionRulesSchema,
      actor: actorIdSchema,
      reason: { type: 'string', minLength: 1 },
      at: ingestInstantSchema,
    },
  },
  example: {
    portfolioId: 'pf-001',
    sourcePolicyId: 'pf-001-source-policy-v2',
    version: 2,
    rules: [
      { sourceType: 'upload', origins: ['*'] },
      { sourceType: 'online', origins: ['https://www.sec.gov/*'], retentionClass: 'regulatory' },
      { sourceType: 'email', origins: ['*@acme-am.com'] },
    ],
    retention: [{ documentType: 'nport', retentionDays: 2555, defensibilityDays: 3650 }],
    outputRetention: [{ outputType: 'memo_input', retentionDays: 365, defensibilityDays: 3650 }],
    actor: 'user-7',
    reason: 'SEC EDGAR filings may now be fetched directly.',
    at: '2026-10-20T12:00:00.000Z',
  },
});

export type SourcePolicySetV1 = EventData<typeof sourcePolicySetV1>;
export type SourcePolicyRule = SourcePolicySetV1['rules'][number];
export type RetentionRule = NonNullable<SourcePolicySetV1['retention']>[number];
export type OutputRetentionRule = NonNullable<SourcePolicySetV1['outputRetention']>[number];
