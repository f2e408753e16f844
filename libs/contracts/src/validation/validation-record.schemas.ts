/*
 * Schema fragments the validation context's record events share (policies, exceptions, alerts,
 * fields, deltas). Each is `as const` so `FromSchema` infers exact types; contracts inline them.
 * Amounts, percentages and scores travel as decimal strings: they are computed in decimal
 * arithmetic and a JSON number would round them through a binary float.
 */

export const VALIDATION_CONTEXT = 'validation';

export const vId = { type: 'string', minLength: 1 } as const;
export const vInstant = { type: 'string', format: 'date-time' } as const;
export const vDate = {
  type: 'string',
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  description: 'YYYY-MM-DD.',
} as const;
export const vRationale = {
  type: 'string',
  minLength: 1,
  description: 'Why, in words an auditor can read.',
} as const;
export const vDecimal = {
  type: 'string',
  pattern: '^-?[0-9]+(\\.[0-9]+)?$',
  description: 'A decimal number as text (never a binary float).',
} as const;
export const vSha256 = { type: 'string', pattern: '^[a-f0-9]{64}$' } as const;
export const vClaimIds = { type: 'array', items: vId } as const;

export const POLICY_KINDS = ['ruleset', 'materiality', 'source_policy'] as const;
export const vPolicyKind = { type: 'string', enum: POLICY_KINDS } as const;
export const vPolicyId = {
  type: 'string',
  pattern: '^[a-z][a-z0-9-]*@[1-9][0-9]*$',
  description: 'A policy version id, `<name>@<version>`, e.g. ruleset@1.',
} as const;

export const SEVERITIES = ['high', 'medium', 'low'] as const;
export const vSeverity = { type: 'string', enum: SEVERITIES } as const;

/** PRODUCT-SPEC §2.7 kinds, plus extraction problems. */
export const EXCEPTION_KINDS = [
  'missing_artefact',
  'duplicate_artefact',
  'stale_source',
  'extraction_problem',
  'missing_field',
  'contradiction',
  'stale_evidence',
  'unsupported_claim',
  'needs_verification',
  'material_change',
] as const;
export const vExceptionKind = { type: 'string', enum: EXCEPTION_KINDS } as const;

/** PRODUCT-SPEC §2.6, plus assets and performance (AUM, NAV, returns), which the spec's list leaves out. */
export const CHANGE_CATEGORIES = [
  'strategy_and_mandate',
  'portfolio_construction_and_risk',
  'fees_and_share_class_terms',
  'liquidity_terms_and_side_pockets',
  'key_people_and_organisation',
  'operational_providers_and_controls',
  'legal_regulatory_documentation',
  'assets_and_performance',
] as const;
export const vChangeCategory = { type: 'string', enum: CHANGE_CATEGORIES } as const;

export const REVIEWER_ACTIONS = ['accept', 'edit', 'reject', 'follow_up', 'monitor'] as const;

export const vMateriality = {
  type: 'object',
  additionalProperties: false,
  description: 'The score under the pinned materiality policy, with the per-dimension breakdown (each 0..1).',
  required: ['policyId', 'total', 'severity', 'breakdown', 'thresholdCrossed'],
  properties: {
    policyId: vPolicyId,
    total: vDecimal,
    severity: vSeverity,
    breakdown: {
      type: 'object',
      additionalProperties: false,
      required: ['severity', 'magnitude', 'confidence', 'persistence'],
      properties: { severity: vDecimal, magnitude: vDecimal, confidence: vDecimal, persistence: vDecimal },
    },
    thresholdCrossed: { type: 'boolean' },
    magnitudeRule: { ...vId, description: 'The magnitude threshold the item was measured against, if any.' },
  },
} as const;

export const vRunRef = {
  portfolioId: vId,
  cycleId: vId,
  runId: vId,
} as const;
