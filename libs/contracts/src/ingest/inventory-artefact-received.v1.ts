import { defineEvent, type EventData } from '../define-event';
import {
  documentTypeSchema,
  INGEST_CONTEXT,
  ingestIdSchema,
  ingestInstantSchema,
  INVENTORY_ASSESSMENTS,
  periodMonthSchema,
  sha256HexSchema,
} from './ingest.schemas';

/** An artefact entered a run's inventory, with how it counts there. */
export const inventoryArtefactReceivedV1 = defineEvent({
  context: INGEST_CONTEXT,
  name: 'InventoryArtefactReceived',
  version: 1,
  schema: {
    type: 'object',
    description:
      "fresh/undated: counts for its expected slot; stale: its period is before the cycle's; duplicate: the same artefact again; superseding: a new version of one already received; unexpected: not in the expected inventory; unrecognised: an operator must classify it.",
    additionalProperties: false,
    required: [
      'portfolioId',
      'cycleId',
      'runId',
      'artefactId',
      'sha256',
      'documentType',
      'version',
      'assessment',
      'note',
      'at',
    ],
    properties: {
      portfolioId: ingestIdSchema,
      cycleId: ingestIdSchema,
      runId: ingestIdSchema,
      artefactId: ingestIdSchema,
      intakeId: ingestIdSchema,
      sha256: sha256HexSchema,
      fundId: ingestIdSchema,
      documentType: documentTypeSchema,
      period: periodMonthSchema,
      version: { type: 'integer', minimum: 1 },
      replacesArtefactId: {
        ...ingestIdSchema,
        description: 'For `superseding`: the version it replaces in this run.',
      },
      assessment: { type: 'string', enum: INVENTORY_ASSESSMENTS },
      carriedOver: { type: 'boolean', description: 'Received by the run this rerun replaces.' },
      note: { type: 'string', minLength: 1, description: 'The coverage note, in words.' },
      at: ingestInstantSchema,
    },
  },
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    artefactId: 'art-5f0c6d0e-8a3b-5c1d-9e2f-0a1b2c3d4e5f',
    intakeId: '0d4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7',
    sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    fundId: 'fund-7',
    documentType: 'nport',
    period: '2026-10',
    version: 1,
    assessment: 'fresh',
    note: 'nport of fund-7 for 2026-10 received',
    at: '2026-11-04T08:31:12.000Z',
  },
});

export type InventoryArtefactReceivedV1 = EventData<typeof inventoryArtefactReceivedV1>;
