import { defineEvent, type EventData } from '../define-event';
import { STAGE_OUTCOME_REQUIRED, stageOutcomeProperties } from '../stage-outcome.schemas';

/** Claims are extracted from every artefact of the run: the extract stage is done. */
export const runExtractionCompletedV1 = defineEvent({
  context: 'extraction',
  name: 'RunExtractionCompleted',
  version: 1,
  schema: {
    type: 'object',
    description:
      'Every artefact of the run has its claims (or its extraction exceptions); the scheduler moves the run on to validate.',
    additionalProperties: false,
    required: [...STAGE_OUTCOME_REQUIRED],
    properties: stageOutcomeProperties,
  },
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    at: '2026-11-04T10:02:00.000Z',
  },
});

export type RunExtractionCompletedV1 = EventData<typeof runExtractionCompletedV1>;
