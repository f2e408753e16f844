import { defineEvent, type EventData } from '../define-event';
import {
  actorIdSchema,
  fileNameSchema,
  INGEST_CONTEXT,
  ingestIdSchema,
  ingestInstantSchema,
  originSchema,
  sha256HexSchema,
  sourceTypeSchema,
} from './ingest.schemas';

/** The same bytes came in again: the intake is recorded against the existing artefact, nothing is stored twice. */
export const artefactIntakeRecordedV1 = defineEvent({
  context: INGEST_CONTEXT,
  name: 'ArtefactIntakeRecorded',
  version: 1,
  schema: {
    type: 'object',
    description:
      'A later intake of an artefact already stored (same sha256): who, when, from where, for which run.',
    additionalProperties: false,
    required: [
      'artefactId',
      'intakeId',
      'sha256',
      'tenantId',
      'portfolioId',
      'cycleId',
      'runId',
      'sourceType',
      'origin',
      'actor',
      'fileName',
      'at',
    ],
    properties: {
      artefactId: ingestIdSchema,
      intakeId: ingestIdSchema,
      sha256: sha256HexSchema,
      tenantId: ingestIdSchema,
      portfolioId: ingestIdSchema,
      cycleId: ingestIdSchema,
      runId: ingestIdSchema,
      sourceType: sourceTypeSchema,
      origin: originSchema,
      actor: actorIdSchema,
      fileName: fileNameSchema,
      retrievedAt: ingestInstantSchema,
      at: ingestInstantSchema,
    },
  },
  example: {
    artefactId: 'art-5f0c6d0e-8a3b-5c1d-9e2f-0a1b2c3d4e5f',
    intakeId: '7e8f9a0b-1c2d-4e3f-9a4b-5c6d7e8f9a0b',
    sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    tenantId: 'tenant-acme',
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    sourceType: 'upload',
    origin: 'landing-folder:pf-001',
    actor: 'system:landing-folder',
    fileName: 'nport-2026-10 (copy).xml',
    at: '2026-11-04T09:02:40.000Z',
  },
});

export type ArtefactIntakeRecordedV1 = EventData<typeof artefactIntakeRecordedV1>;
