/*
 * Schema fragments the ingest context's contracts share. Each is `as const` so `FromSchema` infers
 * exact types; contracts inline them (no `$ref`), so every published schema stands alone.
 */

import { REPORT_OUTPUT_KINDS } from '../reporting/reporting.schemas';

export const INGEST_CONTEXT = 'ingest';

/** Where an artefact came from (spec §2.2); the source policy says which are allowed per portfolio. */
export const SOURCE_TYPES = ['upload', 'email', 'online', 'internal'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/**
 * The document types ingest recognises from content. They are also the artefact types of a
 * portfolio's expected inventory (ExpectedInventorySet): an expected type outside this list can
 * never be received.
 */
export const DOCUMENT_TYPES = [
  'nport',
  'findatex_tpt',
  'findatex_ept',
  'findatex_emt',
  'nav_history',
  'kiid',
  'factsheet',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** An artefact kept although its content was not recognised: an operator classifies it. */
export const UNRECOGNISED_DOCUMENT = 'unknown';

export const ingestIdSchema = { type: 'string', minLength: 1 } as const;
export const ingestInstantSchema = { type: 'string', format: 'date-time' } as const;
export const sha256HexSchema = {
  type: 'string',
  pattern: '^[a-f0-9]{64}$',
  description: 'Lower-case hex sha256 of the content: where the bytes are stored.',
} as const;
export const sourceTypeSchema = { type: 'string', enum: SOURCE_TYPES } as const;
export const originSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 2000,
  description:
    'Where it came from, as the source policy describes origins: a URL for online sources, a sender address for e-mail, landing-folder:<portfolioId> for the landing folder, http-upload for uploads.',
} as const;
export const documentTypeSchema = {
  type: 'string',
  enum: [...DOCUMENT_TYPES, UNRECOGNISED_DOCUMENT],
  description: 'What the content is; `unknown` for an artefact kept for an operator to classify.',
} as const;
export const expectedArtefactTypeSchema = {
  type: 'string',
  pattern: '^[a-z][a-z0-9_]*$',
  description: 'An artefact type of the expected inventory (one of the document types ingest recognises).',
} as const;
export const periodMonthSchema = {
  type: 'string',
  pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$',
  description: 'The month the document reports on, YYYY-MM (from its as-of date).',
} as const;
export const asOfDateSchema = {
  type: 'string',
  format: 'date',
  description: 'The date the document speaks as of (report date, valuation date, last NAV date).',
} as const;
export const fileNameSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 255,
  description: 'As the sender named it: metadata only, never a path.',
} as const;
export const mediaTypeSchema = {
  type: 'string',
  minLength: 1,
  description: 'Sniffed from the content, never taken from the client.',
} as const;
export const errorCodeSchema = { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' } as const;
export const actorIdSchema = {
  ...ingestIdSchema,
  description: 'The user (or system:<component>) who brought it in.',
} as const;

/** What the content says about whom it concerns; every identifier is check-digit verified. */
export const fundIdentifiersSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['isins'],
  properties: {
    isins: { type: 'array', items: { type: 'string', pattern: '^[A-Z]{2}[A-Z0-9]{9}[0-9]$' } },
    seriesId: { type: 'string', pattern: '^S[0-9]{9}$', description: 'SEC series id.' },
    lei: { type: 'string', pattern: '^[A-Z0-9]{18}[0-9]{2}$' },
    cik: { type: 'string', pattern: '^[0-9]{1,10}$' },
  },
} as const;

/** One rule of a source policy: a source type and the origins allowed for it. */
export const sourcePolicyRuleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['sourceType', 'origins'],
  properties: {
    sourceType: sourceTypeSchema,
    origins: {
      type: 'array',
      minItems: 1,
      items: { type: 'string', minLength: 1, maxLength: 2000 },
      description:
        'Origin patterns; `*` matches any run of characters (e.g. https://www.sec.gov/*, *@acme-am.com, *).',
    },
    retentionClass: {
      type: 'string',
      pattern: '^[a-z][a-z0-9_-]*$',
      description: 'Retention class of artefacts taken in under this rule; default `standard`.',
    },
  },
} as const;

/** How one received artefact counts in a run's inventory. */
export const INVENTORY_ASSESSMENTS = [
  'fresh',
  'undated',
  'stale',
  'duplicate',
  'superseding',
  'unexpected',
  'unrecognised',
] as const;
export type InventoryAssessment = (typeof INVENTORY_ASSESSMENTS)[number];

export const expectedArtefactSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['fundId', 'artefactType', 'required'],
  properties: {
    fundId: ingestIdSchema,
    artefactType: expectedArtefactTypeSchema,
    required: { type: 'boolean' },
  },
} as const;

const retentionDaysSchema = { type: 'integer', minimum: 0, maximum: 36500 } as const;

/**
 * How long artefacts of one class (document type) are kept (spec §7 Retention): their content may go
 * `retentionDays` after ingestion, and not before `defensibilityDays` after the last publication of a
 * report that depends on them. A class without a rule is kept indefinitely.
 */
export const retentionRuleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['documentType', 'retentionDays', 'defensibilityDays'],
  properties: {
    documentType: documentTypeSchema,
    retentionDays: retentionDaysSchema,
    defensibilityDays: retentionDaysSchema,
  },
} as const;

export const retentionRulesSchema = {
  type: 'array',
  items: retentionRuleSchema,
  description:
    'Retention per artefact class; the latest policy version applies to every artefact of the portfolio.',
} as const;

/**
 * How long reporting keeps its outputs of one type (spec §7): their content may go `retentionDays` after
 * they were generated and, when they belong to a published report, not before `defensibilityDays` after
 * its publication. An output type without a rule is kept indefinitely.
 */
export const outputRetentionRuleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['outputType', 'retentionDays', 'defensibilityDays'],
  properties: {
    outputType: { type: 'string', enum: REPORT_OUTPUT_KINDS },
    retentionDays: retentionDaysSchema,
    defensibilityDays: retentionDaysSchema,
  },
} as const;

export const outputRetentionRulesSchema = {
  type: 'array',
  items: outputRetentionRuleSchema,
  description:
    'Retention per reporting output type; the latest policy version applies to every output of the portfolio.',
} as const;

/** What a legal hold covers: one artefact, every artefact of a fund, or every artefact of a portfolio. */
export const LEGAL_HOLD_SCOPES = ['artefact', 'fund', 'portfolio'] as const;
export type LegalHoldScope = (typeof LEGAL_HOLD_SCOPES)[number];

export const legalHoldProperties = {
  holdId: ingestIdSchema,
  scope: { type: 'string', enum: LEGAL_HOLD_SCOPES },
  targetId: { ...ingestIdSchema, description: 'The artefact, fund or portfolio id the hold covers.' },
  actor: actorIdSchema,
  reason: { type: 'string', minLength: 1 },
  at: ingestInstantSchema,
} as const;

export const LEGAL_HOLD_REQUIRED = ['holdId', 'scope', 'targetId', 'actor', 'reason', 'at'] as const;

/** What the place and release commands answer: the hold and what it covers. */
export const legalHoldReplySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['holdId', 'scope', 'targetId'],
  properties: {
    holdId: legalHoldProperties.holdId,
    scope: legalHoldProperties.scope,
    targetId: legalHoldProperties.targetId,
  },
} as const;

/** Why a sweep kept an artefact whose retention period had ended. */
export const RETENTION_KEEP_REASONS = ['legal_hold', 'report_dependency'] as const;
export type RetentionKeepReason = (typeof RETENTION_KEEP_REASONS)[number];
