import { defineEvent, type EventData } from '../define-event';
import {
  idSchema,
  instantSchema,
  reasonSchema,
  scheduleSchema,
  SCHEDULER_CONTEXT,
} from './scheduler.schemas';

/** The portfolio's monthly cadence, cut-off and stage budgets, replacing any earlier schedule. */
export const portfolioScheduleSetV1 = defineEvent({
  context: SCHEDULER_CONTEXT,
  name: 'PortfolioScheduleSet',
  version: 1,
  schema: {
    type: 'object',
    description: 'The schedule in force from now on; periods already opened keep their cycles.',
    additionalProperties: false,
    required: ['portfolioId', 'schedule', 'actor', 'reason', 'at'],
    properties: {
      portfolioId: idSchema,
      schedule: scheduleSchema,
      actor: idSchema,
      reason: reasonSchema,
      at: instantSchema,
    },
  },
  example: {
    portfolioId: 'pf-001',
    schedule: {
      startPeriod: '2026-09',
      due: { rule: 'business_days_after_month_end', businessDays: 3 },
      localTime: '07:00',
      timeZone: 'Europe/London',
      cutOff: { businessDays: 2, hours: 0 },
      stageBudgetsMinutes: { ingest: 240, extract: 120, validate: 60, compare: 30, rank: 30, report: 120 },
    },
    actor: 'user-42',
    reason: 'Managers deliver N-PORT files by the third business day.',
    at: '2026-09-15T10:05:00.000Z',
  },
});

export type PortfolioScheduleSetV1 = EventData<typeof portfolioScheduleSetV1>;
export type PortfolioSchedule = PortfolioScheduleSetV1['schedule'];
export type StageBudgetsMinutes = PortfolioSchedule['stageBudgetsMinutes'];
