import { defineEvent, type EventData } from '../define-event';
import {
  documentTypeSchema,
  INGEST_CONTEXT,
  ingestIdSchema,
  ingestInstantSchema,
  periodMonthSchema,
} from './ingest.schemas';

/** A newer version of the same document arrived; this artefact stays stored as it was. */
export const artefactSupersededV1 = defineEvent({
  context: INGEST_CONTEXT,
  name: 'ArtefactSuperseded',
  version: 1,
  schema: {
    type: 'object',
    description: 'Nothing is overwritten: the superseded artefact keeps its bytes and metadata.',
    additionalProperties: false,
    required: [
      'artefactId',
      'supersededByArtefactId',
      'tenantId',
      'portfolioId',
      'fundId',
      'documentType',
      'version',
      'at',
    ],
    properties: {
      artefactId: ingestIdSchema,
      supersededByArtefactId: ingestIdSchema,
      tenantId: ingestIdSchema,
      portfolioId: ingestIdSchema,
      fundId: ingestIdSchema,
      documentType: documentTypeSchema,
      period: periodMonthSchema,
      version: { type: 'integer', minimum: 1, description: 'The superseded version.' },
      at: ingestInstantSchema,
    },
  },
  example: {
    artefactId: 'art-1a2b3c4d-5e6f-5a7b-8c9d-0e1f2a3b4c5d',
    supersededByArtefactId: 'art-5f0c6d0e-8a3b-5c1d-9e2f-0a1b2c3d4e5f',
    tenantId: 'tenant-acme',
    portfolioId: 'pf-001',
    fundId: 'fund-7',
    documentType: 'nport',
    period: '2026-10',
    version: 1,
    at: '2026-11-04T08:31:12.000Z',
  },
});

export type ArtefactSupersededV1 = EventData<typeof artefactSupersededV1>;
