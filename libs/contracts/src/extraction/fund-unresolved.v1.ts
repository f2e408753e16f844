import { defineEvent, type EventData } from '../define-event';
import {
  ARTEFACT_REQUIRED,
  artefactProperties,
  EXTRACTION_CONTEXT,
  extractionIdSchema,
  extractorSchema,
  fundReferenceSchema,
} from './extraction.schemas';

/** Claims name a fund no registered portfolio knows: an exception for an operator. */
export const fundUnresolvedV1 = defineEvent({
  context: EXTRACTION_CONTEXT,
  name: 'FundUnresolved',
  version: 1,
  schema: {
    type: 'object',
    description:
      'The claims are kept with the raw reference the document gives; they get a canonical fund once an operator registers the identifier (or corrects the document).',
    additionalProperties: false,
    required: [...ARTEFACT_REQUIRED, 'extractor', 'references'],
    properties: {
      ...artefactProperties,
      extractor: {
        ...extractorSchema,
        description: 'The extractor version whose claims hold the references.',
      },
      attributedFundId: {
        ...extractionIdSchema,
        description: 'The fund ingest attributed the artefact to, when it did.',
      },
      references: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['reference', 'reason', 'candidates', 'claimCount'],
          properties: {
            reference: fundReferenceSchema,
            reason: {
              type: 'string',
              enum: ['unknown', 'ambiguous'],
              description: 'unknown: no registered fund has these identifiers; ambiguous: several do.',
            },
            candidates: { type: 'array', items: extractionIdSchema },
            claimCount: { type: 'integer', minimum: 1 },
          },
        },
      },
    },
  },
  example: {
    artefactId: 'art-6a7b8c9d-0e1f-5a2b-8c3d-4e5f6a7b8c9d',
    sha256: '68bfcca08625392967bfb6e936e5192ab58081bb96517ea66533260318404ae6',
    artefactVersion: 1,
    documentType: 'kiid',
    tenantId: 'tenant-acme',
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    extractor: { id: 'pdf-kiid', version: '1.0.0+lg-kiid@1' },
    references: [{ reference: { isin: 'GB00B0CNHB64' }, reason: 'unknown', candidates: [], claimCount: 7 }],
    at: '2026-11-04T09:20:00.000Z',
  },
});

export type FundUnresolvedV1 = EventData<typeof fundUnresolvedV1>;
export type UnresolvedFundReferenceV1 = FundUnresolvedV1['references'][number];
