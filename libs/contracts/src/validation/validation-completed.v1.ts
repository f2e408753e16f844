import { defineEvent, type EventData } from '../define-event';
import { STAGE_OUTCOME_REQUIRED, stageOutcomeProperties } from '../stage-outcome.schemas';

/** The run's claims are validated (checks, exceptions, scores): the validate stage is done. */
export const validationCompletedV1 = defineEvent({
  context: 'validation',
  name: 'ValidationCompleted',
  version: 1,
  schema: {
    type: 'object',
    description:
      'The ruleset pinned by the run was applied to every fund; the scheduler moves the run on to compare.',
    additionalProperties: false,
    required: [...STAGE_OUTCOME_REQUIRED],
    properties: stageOutcomeProperties,
  },
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    at: '2026-11-04T10:30:00.000Z',
  },
});

export type ValidationCompletedV1 = EventData<typeof validationCompletedV1>;
