import { defineCommand, type CommandRequest } from '../define-event';
import {
  COMMAND_ENVELOPE_REQUIRED,
  commandEnvelopeProperties,
  portfolioReplySchema,
} from './scheduler-commands.schemas';
import { currencySchema, fundSchema, idSchema, SCHEDULER_CONTEXT } from './scheduler.schemas';

/** Changes a portfolio's name, base currency or funds; properties left out stay as they are. */
export const changePortfolioV1 = defineCommand({
  context: SCHEDULER_CONTEXT,
  name: 'ChangePortfolio',
  version: 1,
  requestSchema: {
    type: 'object',
    description:
      '`funds`, when given, is the whole new fund list. Refusals: PORTFOLIO_NOT_FOUND, INVALID_PORTFOLIO, ISIN_REASSIGNED, IDENTIFIER_REASSIGNED, FUND_STILL_EXPECTED, REASON_REQUIRED.',
    additionalProperties: false,
    required: [...COMMAND_ENVELOPE_REQUIRED, 'portfolioId'],
    properties: {
      ...commandEnvelopeProperties,
      portfolioId: idSchema,
      name: idSchema,
      baseCurrency: currencySchema,
      funds: { type: 'array', items: fundSchema },
    },
  },
  replySchema: portfolioReplySchema,
  example: {
    request: {
      commandId: '5b7d1f0e-2c4a-4d8e-9f10-3a2b1c0d9e8f',
      actor: 'user-42',
      reason: 'The programme was renamed.',
      portfolioId: 'pf-001',
      name: 'Global Equity Core',
    },
    reply: { portfolioId: 'pf-001', changed: true },
  },
});

export type ChangePortfolioRequest = CommandRequest<typeof changePortfolioV1>;
