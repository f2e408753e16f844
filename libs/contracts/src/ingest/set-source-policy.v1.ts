import { defineCommand, type CommandRequest } from '../define-event';
import {
  actorIdSchema,
  INGEST_CONTEXT,
  ingestIdSchema,
  outputRetentionRulesSchema,
  retentionRulesSchema,
  sourcePolicyRuleSchema,
} from './ingest.schemas';

/** Publishes a new version of a portfolio's source policy. */
export const setSourcePolicyV1 = defineCommand({
  context: INGEST_CONTEXT,
  name: 'SetSourcePolicy',
  version: 1,
  requestSchema: {
    type: 'object',
    description:
      'Each call makes a new version; cycles that pinned an earlier one keep it. Refusals: ARTEFACT_UNKNOWN_PORTFOLIO.',
    additionalProperties: false,
    required: ['commandId', 'actor', 'reason', 'portfolioId', 'rules'],
    properties: {
      commandId: { type: 'string', minLength: 1, maxLength: 200 },
      actor: actorIdSchema,
      reason: { type: 'string', minLength: 1 },
      portfolioId: ingestIdSchema,
      rules: { type: 'array', items: sourcePolicyRuleSchema },
      retention: retentionRulesSchema,
      outputRetention: outputRetentionRulesSchema,
    },
  },
  replySchema: {
    type: 'object',
    additionalProperties: false,
    required: ['portfolioId', 'sourcePolicyId', 'version'],
    properties: {
      portfolioId: ingestIdSchema,
      sourcePolicyId: ingestIdSchema,
      version: { type: 'integer', minimum: 1 },
    },
  },
  example: {
    request: {
      commandId: 'policy-pf-001-2026-10-20',
      actor: 'user-7',
      reason: 'SEC EDGAR filings may now be fetched directly.',
      portfolioId: 'pf-001',
      rules: [
        { sourceType: 'upload', origins: ['*'] },
        { sourceType: 'online', origins: ['https://www.sec.gov/*'], retentionClass: 'regulatory' },
      ],
      retention: [{ documentType: 'nport', retentionDays: 2555, defensibilityDays: 3650 }],
      outputRetention: [{ outputType: 'memo_input', retentionDays: 365, defensibilityDays: 3650 }],
    },
    reply: { portfolioId: 'pf-001', sourcePolicyId: 'pf-001-source-policy-v2', version: 2 },
  },
});

export type SetSourcePolicyRequest = CommandRequest<typeof setSourcePolicyV1>;
