import { defineEvent, type EventData } from '../define-event';
import {
  expectedArtefactTypeSchema,
  INGEST_CONTEXT,
  ingestIdSchema,
  ingestInstantSchema,
} from './ingest.schemas';

/** At cut-off a required artefact of a run is still missing: one event per missing artefact. */
export const artefactMissingV1 = defineEvent({
  context: INGEST_CONTEXT,
  name: 'ArtefactMissing',
  version: 1,
  schema: {
    type: 'object',
    description:
      'Not a failure: downstream it becomes a missing-artefact exception. The note says whether nothing or only a stale version arrived.',
    additionalProperties: false,
    required: ['portfolioId', 'cycleId', 'runId', 'fundId', 'artefactType', 'note', 'at'],
    properties: {
      portfolioId: ingestIdSchema,
      cycleId: ingestIdSchema,
      runId: ingestIdSchema,
      fundId: ingestIdSchema,
      artefactType: expectedArtefactTypeSchema,
      staleArtefactId: { ...ingestIdSchema, description: 'The newest stale version received, if any.' },
      note: { type: 'string', minLength: 1 },
      at: ingestInstantSchema,
    },
  },
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    fundId: 'fund-7',
    artefactType: 'nport',
    note: 'required nport of fund-7 for 2026-10 not received by cut-off',
    at: '2026-11-06T07:00:00.000Z',
  },
});

export type ArtefactMissingV1 = EventData<typeof artefactMissingV1>;
