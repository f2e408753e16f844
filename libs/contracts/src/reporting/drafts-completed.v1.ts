import { defineEvent, type EventData } from '../define-event';
import { STAGE_OUTCOME_REQUIRED, stageOutcomeProperties } from '../stage-outcome.schemas';

/** The run's draft memos and evidence packs are built: the report stage is done. */
export const draftsCompletedV1 = defineEvent({
  context: 'reporting',
  name: 'DraftsCompleted',
  version: 1,
  schema: {
    type: 'object',
    description:
      'Every fund of the run has its draft outputs; the scheduler completes the run and per-fund review begins.',
    additionalProperties: false,
    required: [...STAGE_OUTCOME_REQUIRED],
    properties: stageOutcomeProperties,
  },
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    at: '2026-11-04T12:05:00.000Z',
  },
});

export type DraftsCompletedV1 = EventData<typeof draftsCompletedV1>;
