import { defineEvent, type EventData } from '../define-event';
import { STAGE_FAILURE_REQUIRED, stageFailureProperties } from '../stage-outcome.schemas';

/** Validation could not complete the validate, compare or rank stage of the run: the run fails there. */
export const validationStageFailedV1 = defineEvent({
  context: 'validation',
  name: 'ValidationStageFailed',
  version: 1,
  schema: {
    type: 'object',
    description:
      'A failure, not a finding: missing or conflicting evidence becomes exceptions and the run goes on. The scheduler fails the run and blocks its publication.',
    additionalProperties: false,
    required: [...STAGE_FAILURE_REQUIRED],
    properties: {
      ...stageFailureProperties,
      stage: { type: 'string', enum: ['validate', 'compare', 'rank'] },
    },
  },
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    stage: 'compare',
    errorCode: 'SNAPSHOT_UNREADABLE',
    diagnostics: { message: 'see the service log for the correlation id' },
    at: '2026-11-04T10:02:00.000Z',
  },
});

export type ValidationStageFailedV1 = EventData<typeof validationStageFailedV1>;
