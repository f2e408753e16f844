import { defineCommand, type CommandRequest } from '../define-event';
import {
  COMMAND_ENVELOPE_REQUIRED,
  commandEnvelopeProperties,
  runReplySchema,
} from './scheduler-commands.schemas';
import { idSchema, runChangesSchema, SCHEDULER_CONTEXT } from './scheduler.schemas';

/** Replaces the current run of a cycle with a new one, with a reason and what changed. */
export const startRerunV1 = defineCommand({
  context: SCHEDULER_CONTEXT,
  name: 'StartRerun',
  version: 1,
  requestSchema: {
    type: 'object',
    description:
      'The reply names the new run. Refusals: CYCLE_NOT_FOUND, RUN_NOT_CURRENT, RERUN_NOT_ALLOWED (a fund of the run is approved or published), REASON_REQUIRED.',
    additionalProperties: false,
    required: [...COMMAND_ENVELOPE_REQUIRED, 'cycleId', 'replacesRunId'],
    properties: {
      ...commandEnvelopeProperties,
      cycleId: idSchema,
      replacesRunId: idSchema,
      changes: runChangesSchema,
    },
  },
  replySchema: runReplySchema,
  example: {
    request: {
      commandId: '2a3b4c5d-6e7f-4081-9a2b-3c4d5e6f7a8b',
      actor: 'user-42',
      reason: 'Manager resent the N-PORT file with corrected holdings.',
      cycleId: 'pf-001-2026-10-scheduled',
      replacesRunId: 'pf-001-2026-10-scheduled-run-1',
      changes: { policyVersions: { rulesetId: 'ruleset-v13' } },
    },
    reply: { cycleId: 'pf-001-2026-10-scheduled', runId: 'pf-001-2026-10-scheduled-run-2' },
  },
});

export type StartRerunRequest = CommandRequest<typeof startRerunV1>;
