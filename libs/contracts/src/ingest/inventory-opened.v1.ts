import { defineEvent, type EventData } from '../define-event';
import {
  expectedArtefactSchema,
  INGEST_CONTEXT,
  ingestIdSchema,
  ingestInstantSchema,
  periodMonthSchema,
} from './ingest.schemas';

/** A run started: its input inventory opens with what each fund is expected to supply. */
export const inventoryOpenedV1 = defineEvent({
  context: INGEST_CONTEXT,
  name: 'InventoryOpened',
  version: 1,
  schema: {
    type: 'object',
    description:
      "The run's expected artefacts, fixed when the run starts (the portfolio's expected inventory at that moment).",
    additionalProperties: false,
    required: ['portfolioId', 'cycleId', 'runId', 'period', 'expected', 'at'],
    properties: {
      portfolioId: ingestIdSchema,
      cycleId: ingestIdSchema,
      runId: ingestIdSchema,
      period: periodMonthSchema,
      expected: { type: 'array', items: expectedArtefactSchema },
      at: ingestInstantSchema,
    },
  },
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    period: '2026-10',
    expected: [
      { fundId: 'fund-7', artefactType: 'nport', required: true },
      { fundId: 'fund-7', artefactType: 'factsheet', required: false },
    ],
    at: '2026-11-04T07:00:00.000Z',
  },
});

export type InventoryOpenedV1 = EventData<typeof inventoryOpenedV1>;
export type ExpectedArtefact = InventoryOpenedV1['expected'][number];
