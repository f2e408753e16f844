import { defineCommand, type CommandRequest } from '../define-event';
import {
  COMMAND_ENVELOPE_REQUIRED,
  commandEnvelopeProperties,
  portfolioReplySchema,
} from './scheduler-commands.schemas';
import { idSchema, scheduleSchema, SCHEDULER_CONTEXT } from './scheduler.schemas';

/** Sets the portfolio's monthly schedule: from then on the clock opens its cycles when they are due. */
export const setPortfolioScheduleV1 = defineCommand({
  context: SCHEDULER_CONTEXT,
  name: 'SetPortfolioSchedule',
  version: 1,
  requestSchema: {
    type: 'object',
    description: 'Refusals: PORTFOLIO_NOT_FOUND, INVALID_SCHEDULE, REASON_REQUIRED.',
    additionalProperties: false,
    required: [...COMMAND_ENVELOPE_REQUIRED, 'portfolioId', 'schedule'],
    properties: { ...commandEnvelopeProperties, portfolioId: idSchema, schedule: scheduleSchema },
  },
  replySchema: portfolioReplySchema,
  example: {
    request: {
      commandId: '9e3c2b1a-0f4d-4e5c-8b7a-6d5c4b3a2f10',
      actor: 'user-42',
      reason: 'Managers deliver N-PORT files by the third business day.',
      portfolioId: 'pf-001',
      schedule: {
        startPeriod: '2026-09',
        due: { rule: 'business_days_after_month_end', businessDays: 3 },
        localTime: '07:00',
        timeZone: 'Europe/London',
        cutOff: { businessDays: 2, hours: 0 },
        stageBudgetsMinutes: { ingest: 240, extract: 120, validate: 60, compare: 30, rank: 30, report: 120 },
      },
    },
    reply: { portfolioId: 'pf-001', changed: true },
  },
});

export type SetPortfolioScheduleRequest = CommandRequest<typeof setPortfolioScheduleV1>;
