import { defineEvent, type EventData } from '../define-event';
import {
  ARTEFACT_REQUIRED,
  artefactProperties,
  claimSetPointerSchema,
  coverageSchema,
  EXTRACTION_CONTEXT,
  extractionIdSchema,
  extractorSchema,
  fundResolutionSchema,
  warningSchema,
} from './extraction.schemas';

/** An artefact's claims are extracted and stored: the event points at them, it does not carry them. */
export const claimsExtractedV1 = defineEvent({
  context: EXTRACTION_CONTEXT,
  name: 'ClaimsExtracted',
  version: 1,
  schema: {
    type: 'object',
    description:
      'One per artefact and extractor version: extracting the same artefact again with the same extractor version emits nothing new. A partly readable document has its claims here with coverage below expected and warnings.',
    additionalProperties: false,
    required: [
      ...ARTEFACT_REQUIRED,
      'extractor',
      'fundIds',
      'funds',
      'claimCount',
      'coverage',
      'warnings',
      'warningsOmitted',
      'claimSet',
    ],
    properties: {
      ...artefactProperties,
      extractor: extractorSchema,
      fundIds: {
        type: 'array',
        items: extractionIdSchema,
        description: 'The canonical funds the claims are about; unresolved references are in FundUnresolved.',
      },
      funds: { type: 'array', items: fundResolutionSchema },
      claimCount: { type: 'integer', minimum: 0 },
      coverage: coverageSchema,
      warnings: {
        type: 'array',
        maxItems: 100,
        items: warningSchema,
        description: 'Silent-failure checks that did not hold, e.g. net assets stated but no holdings read.',
      },
      warningsOmitted: { type: 'integer', minimum: 0, description: 'Warnings beyond the first 100.' },
      claimSet: claimSetPointerSchema,
    },
  },
  example: {
    artefactId: 'art-5f0c6d0e-8a3b-5c1d-9e2f-0a1b2c3d4e5f',
    sha256: 'c60d0d57db3a1d4854183b48e5055ab49a8afed788176fe912826b7fabd42e17',
    artefactVersion: 1,
    documentType: 'nport',
    tenantId: 'tenant-acme',
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2024-06-scheduled',
    runId: 'pf-001-2024-06-scheduled-run-1',
    extractor: { id: 'nport-xml', version: '1.0.0' },
    fundIds: ['fund-7'],
    funds: [
      {
        reference: {
          seriesId: 'S000009677',
          lei: 'SVLFVAGUHS15GPUL9Z39',
          name: 'PIMCO Low Duration Income Fund',
        },
        fundId: 'fund-7',
        matchedBy: 'series_id',
      },
    ],
    claimCount: 33921,
    coverage: { expected: 14, found: 14, missing: [] },
    warnings: [
      {
        code: 'NPORT_HOLDINGS_EXCEED_NET_ASSETS',
        message: 'Holdings add up to 157 % of net assets (leverage or derivatives).',
      },
    ],
    warningsOmitted: 0,
    claimSet: {
      sha256: '0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091',
      claimCount: 33921,
      byteSize: 19636631,
      location: 'extraction://claim-sets/0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091',
    },
    at: '2026-11-04T09:20:00.000Z',
  },
});

export type ClaimsExtractedV1 = EventData<typeof claimsExtractedV1>;
export type FundResolutionV1 = ClaimsExtractedV1['funds'][number];
