import { defineEvent, type EventData } from '../define-event';
import {
  causeSchema,
  idSchema,
  instantSchema,
  periodSchema,
  SCHEDULER_CONTEXT,
  stageSchema,
} from './scheduler.schemas';

/** Operator alert: the run has been in one stage longer than its budget. */
export const cycleStalledV1 = defineEvent({
  context: SCHEDULER_CONTEXT,
  name: 'CycleStalled',
  version: 1,
  schema: {
    type: 'object',
    description:
      'Raised once per stage entry when the budget is exceeded, again only after the run moves or the repeat interval passes.',
    additionalProperties: false,
    required: [
      'cycleId',
      'portfolioId',
      'period',
      'runId',
      'stage',
      'since',
      'budgetMinutes',
      'stalledMinutes',
      'cause',
      'at',
    ],
    properties: {
      cycleId: idSchema,
      portfolioId: idSchema,
      period: periodSchema,
      runId: idSchema,
      stage: stageSchema,
      since: { ...instantSchema, description: 'When the run entered the stage.' },
      budgetMinutes: { type: 'integer', minimum: 1 },
      stalledMinutes: { type: 'integer', minimum: 0, description: 'Whole minutes in the stage so far.' },
      cause: causeSchema,
      at: instantSchema,
    },
  },
  example: {
    cycleId: 'pf-001-2026-10-scheduled',
    portfolioId: 'pf-001',
    period: '2026-10',
    runId: 'pf-001-2026-10-scheduled-run-1',
    stage: 'extract',
    since: '2026-11-04T09:12:00.000Z',
    budgetMinutes: 120,
    stalledMinutes: 125,
    cause: { kind: 'clock' },
    at: '2026-11-04T11:17:00.000Z',
  },
});

export type CycleStalledV1 = EventData<typeof cycleStalledV1>;
