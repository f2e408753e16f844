import { defineEvent, type EventData } from '../define-event';
import { STAGE_OUTCOME_REQUIRED, stageOutcomeProperties } from '../stage-outcome.schemas';

/** The run's source inventory is complete: the ingest stage is done. */
export const inventoryCompletedV1 = defineEvent({
  context: 'ingest',
  name: 'InventoryCompleted',
  version: 1,
  schema: {
    type: 'object',
    description:
      'Every artefact of the run is registered and checked; the scheduler moves the run on to extract.',
    additionalProperties: false,
    required: [...STAGE_OUTCOME_REQUIRED],
    properties: stageOutcomeProperties,
  },
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    at: '2026-11-04T09:12:00.000Z',
  },
});

export type InventoryCompletedV1 = EventData<typeof inventoryCompletedV1>;
