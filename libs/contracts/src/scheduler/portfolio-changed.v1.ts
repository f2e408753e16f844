import { defineEvent, type EventData } from '../define-event';
import {
  currencySchema,
  fundSchema,
  idSchema,
  instantSchema,
  reasonSchema,
  SCHEDULER_CONTEXT,
} from './scheduler.schemas';

/** A portfolio's name, base currency or funds changed; the event carries the whole new value. */
export const portfolioChangedV1 = defineEvent({
  context: SCHEDULER_CONTEXT,
  name: 'PortfolioChanged',
  version: 1,
  schema: {
    type: 'object',
    description:
      'The portfolio after the change, plus what changed. A fund keeps its fundId when its ISINs or share classes change.',
    additionalProperties: false,
    required: [
      'portfolioId',
      'name',
      'baseCurrency',
      'funds',
      'changed',
      'fundsAdded',
      'fundsRemoved',
      'actor',
      'reason',
      'at',
    ],
    properties: {
      portfolioId: idSchema,
      name: idSchema,
      baseCurrency: currencySchema,
      funds: { type: 'array', items: fundSchema },
      changed: {
        type: 'array',
        minItems: 1,
        items: { type: 'string', enum: ['name', 'baseCurrency', 'funds'] },
      },
      fundsAdded: { type: 'array', items: idSchema },
      fundsRemoved: { type: 'array', items: idSchema },
      actor: idSchema,
      reason: reasonSchema,
      at: instantSchema,
    },
  },
  example: {
    portfolioId: 'pf-001',
    name: 'Global Equity Selection',
    baseCurrency: 'EUR',
    funds: [
      {
        fundId: 'fund-7',
        name: 'Acme World Equity',
        isins: ['LU0123456789', 'LU0987654321'],
        shareClasses: [
          { shareClassId: 'fund-7-a-acc', isin: 'LU0123456789', currency: 'EUR' },
          { shareClassId: 'fund-7-b-dis', isin: 'LU0987654321', currency: 'USD' },
        ],
      },
    ],
    changed: ['funds'],
    fundsAdded: [],
    fundsRemoved: [],
    actor: 'user-42',
    reason: 'New USD distributing share class launched.',
    at: '2026-10-02T09:30:00.000Z',
  },
});

export type PortfolioChangedV1 = EventData<typeof portfolioChangedV1>;
