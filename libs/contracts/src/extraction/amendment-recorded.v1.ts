import { defineEvent, type EventData } from '../define-event';
import {
  ARTEFACT_REQUIRED,
  artefactProperties,
  contentHashSchema,
  EXTRACTION_CONTEXT,
  extractionIdSchema,
} from './extraction.schemas';

const count = { type: 'integer', minimum: 0 } as const;

/** An amended filing (e.g. NPORT-P/A) is linked to the filing it amends; both keep their claims. */
export const amendmentRecordedV1 = defineEvent({
  context: EXTRACTION_CONTEXT,
  name: 'AmendmentRecorded',
  version: 1,
  schema: {
    type: 'object',
    description:
      'Never a silent replacement: the original claims stay as they were. `restates` when the amendment states again what the original stated (values may differ); `adds` when it only states what the original did not.',
    additionalProperties: false,
    required: [
      ...ARTEFACT_REQUIRED,
      'originalArtefactId',
      'originalSha256',
      'filingKey',
      'relation',
      'comparison',
    ],
    properties: {
      ...artefactProperties,
      artefactId: { ...extractionIdSchema, description: 'The amendment.' },
      originalArtefactId: extractionIdSchema,
      originalSha256: contentHashSchema,
      filingKey: {
        ...extractionIdSchema,
        description: 'What both filings report on, e.g. nport:S000009677:2024-06-30.',
      },
      relation: { type: 'string', enum: ['restates', 'adds'] },
      comparison: {
        type: 'object',
        additionalProperties: false,
        description: 'Claims compared by metric, share class and subject.',
        required: ['restated', 'unchanged', 'added', 'notRestated'],
        properties: {
          restated: { ...count, description: 'Stated by both, with a different value.' },
          unchanged: { ...count, description: 'Stated by both, with the same value.' },
          added: { ...count, description: 'Stated only by the amendment.' },
          notRestated: { ...count, description: 'Stated only by the original.' },
        },
      },
    },
  },
  example: {
    artefactId: 'art-9c8b7a6f-5e4d-5c3b-8a29-1f0e9d8c7b6a',
    sha256: '0fa95a41d261d56ddc3d7b2b6fba13c174653e7b0311bfe3925e63b8b55cc664',
    artefactVersion: 2,
    documentType: 'nport',
    tenantId: 'tenant-acme',
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    originalArtefactId: 'art-5f0c6d0e-8a3b-5c1d-9e2f-0a1b2c3d4e5f',
    originalSha256: 'c60d0d57db3a1d4854183b48e5055ab49a8afed788176fe912826b7fabd42e17',
    filingKey: 'nport:S000009677:2024-06-30',
    relation: 'restates',
    comparison: { restated: 2, unchanged: 33910, added: 0, notRestated: 9 },
    at: '2026-11-05T10:00:00.000Z',
  },
});

export type AmendmentRecordedV1 = EventData<typeof amendmentRecordedV1>;
