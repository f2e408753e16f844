import { defineCommand, type CommandReply, type CommandRequest } from '../define-event';
import {
  COMMAND_ENVELOPE_REQUIRED,
  commandEnvelopeProperties,
  portfolioReplySchema,
} from './scheduler-commands.schemas';
import { currencySchema, fundSchema, idSchema, SCHEDULER_CONTEXT } from './scheduler.schemas';

/** Registers a portfolio with its tenant, funds and base currency; refused if the id is taken. */
export const registerPortfolioV1 = defineCommand({
  context: SCHEDULER_CONTEXT,
  name: 'RegisterPortfolio',
  version: 1,
  requestSchema: {
    type: 'object',
    description: 'Refusals: PORTFOLIO_ALREADY_REGISTERED, INVALID_PORTFOLIO, REASON_REQUIRED.',
    additionalProperties: false,
    required: [...COMMAND_ENVELOPE_REQUIRED, 'portfolioId', 'tenantId', 'name', 'baseCurrency', 'funds'],
    properties: {
      ...commandEnvelopeProperties,
      portfolioId: idSchema,
      tenantId: idSchema,
      name: idSchema,
      baseCurrency: currencySchema,
      funds: { type: 'array', items: fundSchema },
    },
  },
  replySchema: portfolioReplySchema,
  example: {
    request: {
      commandId: 'c0a80121-7ac0-4e1c-8a5e-2f1b3c4d5e6f',
      actor: 'user-42',
      reason: 'Onboarding for the 2026 monitoring programme.',
      portfolioId: 'pf-001',
      tenantId: 'tenant-acme',
      name: 'Global Equity Selection',
      baseCurrency: 'EUR',
      funds: [{ fundId: 'fund-7', name: 'Acme World Equity', isins: ['LU0123456789'], shareClasses: [] }],
    },
    reply: { portfolioId: 'pf-001', changed: true },
  },
});

export type RegisterPortfolioRequest = CommandRequest<typeof registerPortfolioV1>;
export type PortfolioCommandReply = CommandReply<typeof registerPortfolioV1>;
