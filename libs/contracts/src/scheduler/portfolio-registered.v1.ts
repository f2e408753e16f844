import { defineEvent, type EventData } from '../define-event';
import {
  currencySchema,
  fundSchema,
  idSchema,
  instantSchema,
  reasonSchema,
  SCHEDULER_CONTEXT,
} from './scheduler.schemas';

/** A portfolio exists from now on: its tenant, funds and base currency. */
export const portfolioRegisteredV1 = defineEvent({
  context: SCHEDULER_CONTEXT,
  name: 'PortfolioRegistered',
  version: 1,
  schema: {
    type: 'object',
    description: 'A portfolio was registered; the tenant never changes afterwards.',
    additionalProperties: false,
    required: ['portfolioId', 'tenantId', 'name', 'baseCurrency', 'funds', 'actor', 'reason', 'at'],
    properties: {
      portfolioId: idSchema,
      tenantId: idSchema,
      name: idSchema,
      baseCurrency: currencySchema,
      funds: { type: 'array', items: fundSchema },
      actor: idSchema,
      reason: reasonSchema,
      at: instantSchema,
    },
  },
  example: {
    portfolioId: 'pf-001',
    tenantId: 'tenant-acme',
    name: 'Global Equity Selection',
    baseCurrency: 'EUR',
    funds: [
      {
        fundId: 'fund-7',
        name: 'Acme World Equity',
        isins: ['LU0123456789'],
        shareClasses: [{ shareClassId: 'fund-7-a-acc', isin: 'LU0123456789', currency: 'EUR' }],
      },
    ],
    actor: 'user-42',
    reason: 'Onboarding for the 2026 monitoring programme.',
    at: '2026-09-15T10:00:00.000Z',
  },
});

export type PortfolioRegisteredV1 = EventData<typeof portfolioRegisteredV1>;
export type PortfolioFund = PortfolioRegisteredV1['funds'][number];
