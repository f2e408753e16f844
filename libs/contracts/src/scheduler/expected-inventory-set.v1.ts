import { defineEvent, type EventData } from '../define-event';
import {
  expectedInventorySchema,
  idSchema,
  instantSchema,
  reasonSchema,
  SCHEDULER_CONTEXT,
} from './scheduler.schemas';

/** Which artefacts each fund must (or may) supply every period; replaces the earlier inventory. */
export const expectedInventorySetV1 = defineEvent({
  context: SCHEDULER_CONTEXT,
  name: 'ExpectedInventorySet',
  version: 1,
  schema: {
    type: 'object',
    description:
      'The expected inventory per fund; a missing required artefact at cut-off marks the run incomplete.',
    additionalProperties: false,
    required: ['portfolioId', 'funds', 'actor', 'reason', 'at'],
    properties: {
      portfolioId: idSchema,
      funds: expectedInventorySchema,
      actor: idSchema,
      reason: reasonSchema,
      at: instantSchema,
    },
  },
  example: {
    portfolioId: 'pf-001',
    funds: [
      {
        fundId: 'fund-7',
        artefacts: [
          { artefactType: 'nport', required: true },
          { artefactType: 'factsheet', required: false },
        ],
      },
    ],
    actor: 'user-42',
    reason: 'Factsheets are helpful but not every manager sends one.',
    at: '2026-09-15T10:10:00.000Z',
  },
});

export type ExpectedInventorySetV1 = EventData<typeof expectedInventorySetV1>;
export type ExpectedFundInventory = ExpectedInventorySetV1['funds'][number];
