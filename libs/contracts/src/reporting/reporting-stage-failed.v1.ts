import { defineEvent, type EventData } from '../define-event';
import { stageFailureSchema } from '../stage-outcome.schemas';

/** Reporting could not build the run's drafts: the run fails at report. */
export const reportingStageFailedV1 = defineEvent({
  context: 'reporting',
  name: 'ReportingStageFailed',
  version: 1,
  schema: stageFailureSchema({ const: 'report' }),
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    stage: 'report',
    errorCode: 'TEMPLATE_NOT_FOUND',
    diagnostics: { message: 'see the service log for the correlation id' },
    at: '2026-11-04T10:02:00.000Z',
  },
});

export type ReportingStageFailedV1 = EventData<typeof reportingStageFailedV1>;
