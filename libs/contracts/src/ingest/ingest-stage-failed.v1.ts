import { defineEvent, type EventData } from '../define-event';
import { STAGE_FAILURE_REQUIRED, stageFailureProperties } from '../stage-outcome.schemas';

/** Ingest could not complete the run's inventory: the run fails at ingest. */
export const ingestStageFailedV1 = defineEvent({
  context: 'ingest',
  name: 'IngestStageFailed',
  version: 1,
  schema: {
    type: 'object',
    description:
      'A failure, not a finding: missing or stale artefacts are exceptions and the run goes on. The scheduler fails the run and blocks its publication.',
    additionalProperties: false,
    required: [...STAGE_FAILURE_REQUIRED],
    properties: { ...stageFailureProperties, stage: { const: 'ingest' } },
  },
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    stage: 'ingest',
    errorCode: 'ARTEFACT_STORE_UNAVAILABLE',
    diagnostics: { message: 'object store did not answer within 30 s', attempts: 5 },
    at: '2026-11-04T08:40:00.000Z',
  },
});

export type IngestStageFailedV1 = EventData<typeof ingestStageFailedV1>;
