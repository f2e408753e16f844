/*
 * Schema fragments the reporting context's contracts share. Each is `as const` so `FromSchema` infers
 * exact types; contracts inline them (no `$ref`), so every published schema stands alone.
 */

export const REPORTING_CONTEXT = 'reporting';

/** The files a publication hands to downstream systems. */
export const PUBLISHED_FILE_KINDS = ['memo_html', 'memo_pdf', 'evidence_pack'] as const;
export type PublishedFileKind = (typeof PUBLISHED_FILE_KINDS)[number];

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
