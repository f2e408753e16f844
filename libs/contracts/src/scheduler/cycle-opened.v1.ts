import { defineEvent, type EventData } from '../define-event';
import {
  causeSchema,
  cycleKindSchema,
  idSchema,
  instantSchema,
  periodSchema,
  policyVersionsSchema,
  reasonSchema,
  SCHEDULER_CONTEXT,
} from './scheduler.schemas';

/** The cycle of (portfolio, period, kind) is open; run 1 starts with it. Opened once, ever. */
export const cycleOpenedV1 = defineEvent({
  context: SCHEDULER_CONTEXT,
  name: 'CycleOpened',
  version: 1,
  schema: {
    type: 'object',
    description:
      'A cycle was opened by the schedule (kind scheduled, cause clock) or by an operator (an adhoc cycle always has a reason).',
    additionalProperties: false,
    required: ['cycleId', 'portfolioId', 'period', 'kind', 'pinnedPolicyVersions', 'cause', 'at'],
    properties: {
      cycleId: idSchema,
      portfolioId: idSchema,
      period: periodSchema,
      kind: cycleKindSchema,
      reason: reasonSchema,
      pinnedPolicyVersions: policyVersionsSchema,
      cause: causeSchema,
      at: instantSchema,
    },
  },
  example: {
    cycleId: 'pf-001-2026-10-scheduled',
    portfolioId: 'pf-001',
    period: '2026-10',
    kind: 'scheduled',
    pinnedPolicyVersions: { rulesetId: 'ruleset-v12', materialityId: 'materiality-v4' },
    cause: { kind: 'clock' },
    at: '2026-11-04T07:00:00.000Z',
  },
});

export type CycleOpenedV1 = EventData<typeof cycleOpenedV1>;
/** What made a scheduler transition happen: the clock, an operator, or another service's event. */
export type SchedulerCause = CycleOpenedV1['cause'];
export type PinnedPolicyVersions = CycleOpenedV1['pinnedPolicyVersions'];
