import { defineEvent, type EventData } from '../define-event';
import { stageFailureSchema } from '../stage-outcome.schemas';

/** Ingest could not complete the run's inventory: the run fails at ingest. */
export const ingestStageFailedV1 = defineEvent({
  context: 'ingest',
  name: 'IngestStageFailed',
  version: 1,
  schema: stageFailureSchema(
    { const: 'ingest' },
    'A failure, not a finding: missing or stale artefacts are exceptions and the run goes on. The scheduler fails the run and blocks its publication.',
  ),
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
