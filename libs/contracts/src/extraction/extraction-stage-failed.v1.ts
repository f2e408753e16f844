import { defineEvent, type EventData } from '../define-event';
import { stageFailureSchema } from '../stage-outcome.schemas';

/** Extraction could not complete the run: the run fails at extract. */
export const extractionStageFailedV1 = defineEvent({
  context: 'extraction',
  name: 'ExtractionStageFailed',
  version: 1,
  schema: stageFailureSchema({ const: 'extract' }),
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    stage: 'extract',
    errorCode: 'XML_NOT_WELL_FORMED',
    diagnostics: { message: 'see the service log for the correlation id' },
    at: '2026-11-04T10:02:00.000Z',
  },
});

export type ExtractionStageFailedV1 = EventData<typeof extractionStageFailedV1>;
