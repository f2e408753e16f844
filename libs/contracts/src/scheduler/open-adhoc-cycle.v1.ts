import { defineCommand, type CommandReply, type CommandRequest } from '../define-event';
import {
  COMMAND_ENVELOPE_REQUIRED,
  commandEnvelopeProperties,
  runReplySchema,
} from './scheduler-commands.schemas';
import { idSchema, periodSchema, policyVersionsSchema, SCHEDULER_CONTEXT } from './scheduler.schemas';

/** An operator opens an adhoc cycle of (portfolio, period); run 1 starts at ingest. */
export const openAdhocCycleV1 = defineCommand({
  context: SCHEDULER_CONTEXT,
  name: 'OpenAdhocCycle',
  version: 1,
  requestSchema: {
    type: 'object',
    description:
      'One adhoc cycle per (portfolio, period), beside the scheduled one: a second open, by anyone, is refused with CYCLE_ALREADY_OPEN naming the cycle (details.existingCycleId). Other refusals: PORTFOLIO_NOT_FOUND, INVALID_PERIOD, REASON_REQUIRED.',
    additionalProperties: false,
    required: [...COMMAND_ENVELOPE_REQUIRED, 'portfolioId', 'period'],
    properties: {
      ...commandEnvelopeProperties,
      portfolioId: idSchema,
      period: periodSchema,
      pinnedPolicyVersions: policyVersionsSchema,
    },
  },
  replySchema: runReplySchema,
  example: {
    request: {
      commandId: '7c6b5a49-3827-4615-9f0e-d1c2b3a49586',
      actor: 'user-42',
      reason: 'Manager restated October holdings; review before the IC meeting.',
      portfolioId: 'pf-001',
      period: '2026-10',
      pinnedPolicyVersions: { rulesetId: 'ruleset-v12' },
    },
    reply: { cycleId: 'pf-001-2026-10-adhoc', runId: 'pf-001-2026-10-adhoc-run-1' },
  },
});

export type OpenAdhocCycleRequest = CommandRequest<typeof openAdhocCycleV1>;
export type RunCommandReply = CommandReply<typeof openAdhocCycleV1>;
