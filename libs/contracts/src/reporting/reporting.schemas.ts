/*
 * Schema fragments the reporting context's contracts share. Each is `as const` so `FromSchema` infers
 * exact types; contracts inline them (no `$ref`), so every published schema stands alone.
 */

export const REPORTING_CONTEXT = 'reporting';

/** The files a publication hands to downstream systems. */
export const PUBLISHED_FILE_KINDS = ['memo_html', 'memo_pdf', 'evidence_pack'] as const;
export type PublishedFileKind = (typeof PUBLISHED_FILE_KINDS)[number];

/** Every kind of file reporting generates (its output registry); a portfolio's source policy may set retention per kind. */
export const REPORT_OUTPUT_KINDS = [
  'memo_input',
  'memo_html',
  'memo_pdf',
  'evidence_pack',
  'portfolio_summary',
] as const;
export type ReportOutputKind = (typeof REPORT_OUTPUT_KINDS)[number];

/** Why an output retention sweep kept an output whose retention period had ended. */
export const OUTPUT_RETENTION_KEEP_REASONS = ['legal_hold', 'report_defensibility'] as const;
export type OutputRetentionKeepReason = (typeof OUTPUT_RETENTION_KEEP_REASONS)[number];

export const reportingIdSchema = { type: 'string', minLength: 1 } as const;
export const reportingInstantSchema = { type: 'string', format: 'date-time' } as const;
export const reportingHashSchema = { type: 'string', pattern: '^[a-f0-9]{64}$' } as const;

/** The fund of a run that an output is about. */
export const fundOutputProperties = {
  portfolioId: reportingIdSchema,
  cycleId: reportingIdSchema,
  runId: reportingIdSchema,
  fundId: reportingIdSchema,
} as const;

export const FUND_OUTPUT_REQUIRED = ['portfolioId', 'cycleId', 'runId', 'fundId'] as const;

/** A published file: what it is, its content hash and where to fetch it. */
export const publishedFileSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'sha256', 'uri', 'bytes'],
  properties: {
    kind: { type: 'string', enum: PUBLISHED_FILE_KINDS },
    sha256: reportingHashSchema,
    uri: {
      type: 'string',
      minLength: 1,
      description: 'Where to fetch the bytes (the output store: `fai-output://sha256/<hash>`).',
    },
    bytes: { type: 'integer', minimum: 0 },
  },
} as const;
