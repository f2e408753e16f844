import { defineEvent, type EventData } from '../define-event';
import { STAGE_OUTCOME_REQUIRED, stageOutcomeProperties } from '../stage-outcome.schemas';

/** The run's deltas and exceptions are scored and ranked by materiality: the rank stage is done. */
export const exceptionsRankedV1 = defineEvent({
  context: 'validation',
  name: 'ExceptionsRanked',
  version: 1,
  schema: {
    type: 'object',
    description:
      'The exception queue of the run is ordered by the pinned materiality policy and alerts are raised; the scheduler moves the run on to report.',
    additionalProperties: false,
    required: [...STAGE_OUTCOME_REQUIRED],
    properties: stageOutcomeProperties,
  },
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    at: '2026-11-04T10:48:00.000Z',
  },
});

export type ExceptionsRankedV1 = EventData<typeof exceptionsRankedV1>;
