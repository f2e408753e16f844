import { defineEvent, type EventData } from '../define-event';
import { STAGE_OUTCOME_REQUIRED, stageOutcomeProperties } from '../stage-outcome.schemas';

/** The run's deltas against each fund's last approved snapshot are computed: the compare stage is done. */
export const deltasComputedV1 = defineEvent({
  context: 'validation',
  name: 'DeltasComputed',
  version: 1,
  schema: {
    type: 'object',
    description:
      'Every fund of the run is compared with its latest approved snapshot; the scheduler moves the run on to rank.',
    additionalProperties: false,
    required: [...STAGE_OUTCOME_REQUIRED],
    properties: stageOutcomeProperties,
  },
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    at: '2026-11-04T10:41:00.000Z',
  },
});

export type DeltasComputedV1 = EventData<typeof deltasComputedV1>;
