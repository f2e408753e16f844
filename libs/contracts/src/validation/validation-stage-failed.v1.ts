import { defineEvent, type EventData } from '../define-event';
import { stageFailureSchema } from '../stage-outcome.schemas';

/** Validation could not complete the validate, compare or rank stage of the run: the run fails there. */
export const validationStageFailedV1 = defineEvent({
  context: 'validation',
  name: 'ValidationStageFailed',
  version: 1,
  schema: stageFailureSchema({ type: 'string', enum: ['validate', 'compare', 'rank'] }),
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
