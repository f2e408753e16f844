/*
 * Schema fragments the extraction context's contracts share. Each is `as const` so `FromSchema`
 * infers exact types; contracts inline them (no `$ref`), so every published schema stands alone.
 */

export const EXTRACTION_CONTEXT = 'extraction';

/** The statuses a claim can have (spec §2.3); extraction assigns the first three, validation the rest. */
export const CLAIM_STATUSES = ['supported', 'missing', 'needs_verification', 'conflicted', 'stale'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const extractionIdSchema = { type: 'string', minLength: 1 } as const;
export const extractionInstantSchema = { type: 'string', format: 'date-time' } as const;
export const contentHashSchema = { type: 'string', pattern: '^[a-f0-9]{64}$' } as const;
export const extractionErrorCodeSchema = { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' } as const;

export const extractorSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'version'],
  properties: {
    id: { ...extractionIdSchema, description: 'e.g. nport-xml, findatex-ept, pdf-kiid.' },
    version: {
      ...extractionIdSchema,
      description:
        'Part of every claim id: a new version gives new claim ids (PDF versions name their layout rule set, e.g. 1.0.0+lg-kiid@1).',
    },
  },
} as const;

/** The artefact the event is about and the run whose intake brought it in. */
export const artefactProperties = {
  artefactId: extractionIdSchema,
  sha256: { ...contentHashSchema, description: 'The artefact content hash: where its bytes are stored.' },
  artefactVersion: { type: 'integer', minimum: 1 },
  documentType: {
    ...extractionIdSchema,
    description: 'As ingest classified it (nport, findatex_ept, kiid, ...).',
  },
  tenantId: extractionIdSchema,
  portfolioId: extractionIdSchema,
  cycleId: extractionIdSchema,
  runId: extractionIdSchema,
  at: extractionInstantSchema,
} as const;

export const ARTEFACT_REQUIRED = [
  'artefactId',
  'sha256',
  'artefactVersion',
  'documentType',
  'tenantId',
  'portfolioId',
  'cycleId',
  'runId',
  'at',
] as const;

/** The identifiers a document uses for its fund, as it states them. */
export const fundReferenceSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    isin: extractionIdSchema,
    seriesId: extractionIdSchema,
    lei: extractionIdSchema,
    cik: extractionIdSchema,
    name: extractionIdSchema,
  },
} as const;

export const coverageSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'The metrics the extractor expects from this kind of document, and how many it found.',
  required: ['expected', 'found', 'missing'],
  properties: {
    expected: { type: 'integer', minimum: 0 },
    found: { type: 'integer', minimum: 0 },
    missing: { type: 'array', items: extractionIdSchema },
  },
} as const;

export const warningSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'message'],
  properties: { code: extractionErrorCodeSchema, message: { type: 'string' } },
} as const;

export const FUND_MATCHES = ['isin', 'series_id', 'lei', 'artefact'] as const;
export type FundMatch = (typeof FUND_MATCHES)[number];

/** How one fund reference of the document was resolved to a canonical fund. */
export const fundResolutionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['reference', 'fundId', 'matchedBy'],
  properties: {
    reference: fundReferenceSchema,
    fundId: extractionIdSchema,
    shareClassId: extractionIdSchema,
    matchedBy: {
      type: 'string',
      enum: FUND_MATCHES,
      description:
        'The identifier that matched a registered fund; `artefact`: the document names no identifier and the fund is the one ingest attributed the artefact to.',
    },
  },
} as const;

export const claimSetPointerSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'The claims themselves, stored once and never changed; fetch them with GetClaims.',
  required: ['sha256', 'claimCount', 'byteSize', 'location'],
  properties: {
    sha256: {
      ...contentHashSchema,
      description: 'Hash of the claim set (its canonical JSON): same claims, same hash.',
    },
    claimCount: { type: 'integer', minimum: 0 },
    byteSize: { type: 'integer', minimum: 0 },
    location: { type: 'string', minLength: 1, description: 'e.g. extraction://claim-sets/<sha256>.' },
  },
} as const;

const locatorSchema = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'path'],
      properties: { kind: { const: 'xpath' }, path: { type: 'string', minLength: 1 } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'sheet', 'cell'],
      properties: {
        kind: { const: 'cell' },
        sheet: { type: 'string' },
        cell: { type: 'string', minLength: 2 },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'row', 'column'],
      properties: {
        kind: { const: 'csv' },
        row: { type: 'integer', minimum: 1, description: '1-based, header rows included.' },
        column: { type: 'integer', minimum: 1, description: '1-based.' },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'pointer'],
      properties: { kind: { const: 'json' }, pointer: { type: 'string' } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'page', 'box', 'text'],
      properties: {
        kind: { const: 'pdf' },
        page: { type: 'integer', minimum: 1 },
        box: { type: 'array', minItems: 4, maxItems: 4, items: { type: 'number' } },
        text: { type: 'string' },
        span: { type: 'array', minItems: 2, maxItems: 2, items: { type: 'integer', minimum: 0 } },
      },
    },
  ],
} as const;

/**
 * One claim as queries return it: what the source says, where it says it (artefact + locator),
 * who read it, and the canonical fund when the reference resolved. Every claim carries an
 * artefact id and a locator, so a `supported` claim always has its evidence.
 */
export const claimViewSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'claimId',
    'artefactId',
    'status',
    'fund',
    'metric',
    'value',
    'unit',
    'asOf',
    'evidence',
    'extractor',
    'confidence',
  ],
  properties: {
    claimId: { type: 'string', format: 'uuid' },
    artefactId: extractionIdSchema,
    status: { type: 'string', enum: CLAIM_STATUSES },
    fund: fundReferenceSchema,
    fundId: {
      ...extractionIdSchema,
      description: 'Absent while the fund reference is unresolved (see FundUnresolved).',
    },
    shareClassId: extractionIdSchema,
    shareClass: { type: 'string', description: 'The share class as the document names it.' },
    metric: { type: 'string', pattern: '^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+$' },
    subject: { type: 'string', description: 'What the claim is about below the fund, e.g. a holding.' },
    value: {
      type: ['string', 'null'],
      description: 'Decimal string, ISO date or text as the source states it; null when `blank` says why.',
    },
    blank: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'reason'],
      properties: {
        kind: { type: 'string', enum: ['missing', 'not_yet_filed', 'suppressed'] },
        reason: { type: 'string' },
      },
    },
    unit: { type: 'string', minLength: 1 },
    asOf: { type: 'string', format: 'date' },
    evidence: {
      type: 'object',
      additionalProperties: false,
      required: ['artefactSha256', 'artefactVersion', 'locator'],
      properties: {
        artefactSha256: contentHashSchema,
        artefactVersion: { type: 'integer', minimum: 1 },
        locator: locatorSchema,
      },
    },
    extractor: extractorSchema,
    confidence: { type: 'number', minimum: 0, maximum: 1 },
    confidenceNote: { type: 'string' },
  },
} as const;
