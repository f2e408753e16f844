import { defineCommand, type CommandRequest } from '../define-event';
import {
  COMMAND_ENVELOPE_REQUIRED,
  commandEnvelopeProperties,
  runReplySchema,
} from './scheduler-commands.schemas';
import { idSchema, SCHEDULER_CONTEXT } from './scheduler.schemas';

/** An operator lets a run marked incomplete at cut-off go on without the missing artefacts. */
export const proceedAtCutOffV1 = defineCommand({
  context: SCHEDULER_CONTEXT,
  name: 'ProceedAtCutOff',
  version: 1,
  requestSchema: {
    type: 'object',
    description: 'Refusals: CYCLE_NOT_FOUND, RUN_NOT_CURRENT, RUN_NOT_INCOMPLETE, REASON_REQUIRED.',
    additionalProperties: false,
    required: [...COMMAND_ENVELOPE_REQUIRED, 'cycleId', 'runId'],
    properties: { ...commandEnvelopeProperties, cycleId: idSchema, runId: idSchema },
  },
  replySchema: runReplySchema,
  example: {
    request: {
      commandId: '3b4c5d6e-7f80-4192-a3b4-c5d6e7f8a9b0',
      actor: 'user-42',
      reason: 'Filing delayed by the regulator; review the other funds now.',
      cycleId: 'pf-001-2026-10-scheduled',
      runId: 'pf-001-2026-10-scheduled-run-1',
    },
    reply: { cycleId: 'pf-001-2026-10-scheduled', runId: 'pf-001-2026-10-scheduled-run-1' },
  },
});

export type ProceedAtCutOffRequest = CommandRequest<typeof proceedAtCutOffV1>;
