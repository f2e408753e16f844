import { defineEvent, type EventData } from '../define-event';
import {
  fileNameSchema,
  INGEST_CONTEXT,
  ingestIdSchema,
  ingestInstantSchema,
  mediaTypeSchema,
  sha256HexSchema,
} from './ingest.schemas';

/** An artefact was kept although its content is of no recognised kind: an exception for an operator. */
export const artefactUnrecognisedV1 = defineEvent({
  context: INGEST_CONTEXT,
  name: 'ArtefactUnrecognised',
  version: 1,
  schema: {
    type: 'object',
    description: 'Never dropped: the artefact is stored (documentType unknown) and waits for an operator.',
    additionalProperties: false,
    required: [
      'artefactId',
      'sha256',
      'portfolioId',
      'cycleId',
      'runId',
      'fileName',
      'mediaType',
      'reason',
      'at',
    ],
    properties: {
      artefactId: ingestIdSchema,
      sha256: sha256HexSchema,
      portfolioId: ingestIdSchema,
      cycleId: ingestIdSchema,
      runId: ingestIdSchema,
      fundId: { ...ingestIdSchema, description: 'When the sender named the fund.' },
      fileName: fileNameSchema,
      mediaType: mediaTypeSchema,
      reason: { type: 'string', minLength: 1, description: 'Why it was not recognised.' },
      at: ingestInstantSchema,
    },
  },
  example: {
    artefactId: 'art-0b1c2d3e-4f5a-5b6c-8d7e-9f0a1b2c3d4e',
    sha256: '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae',
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    fileName: 'board-minutes.pdf',
    mediaType: 'application/pdf',
    reason: 'a 12-page PDF that reads as neither a KIID/KID nor a fund factsheet',
    at: '2026-11-04T08:45:00.000Z',
  },
});

export type ArtefactUnrecognisedV1 = EventData<typeof artefactUnrecognisedV1>;
