import { actorSchema, commandIdSchema, idSchema, reasonSchema } from './scheduler.schemas';

/*
 * What every scheduler command request carries, and the replies commands share. Commands answer on
 * `fai-cmd.scheduler.<command>.v<N>` (core NATS request/reply); refusals come back as error bodies
 * with the codes of scheduler.errors.ts.
 */

export const commandEnvelopeProperties = {
  commandId: commandIdSchema,
  actor: actorSchema,
  reason: reasonSchema,
} as const;

export const COMMAND_ENVELOPE_REQUIRED = ['commandId', 'actor', 'reason'] as const;

/** The reply of a portfolio command. */
export const portfolioReplySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['portfolioId', 'changed'],
  properties: {
    portfolioId: idSchema,
    changed: {
      type: 'boolean',
      description: 'False when the command asked for what was already so: no event was written.',
    },
  },
} as const;

/** The reply of a command acting on a run: the cycle and the run it now concerns. */
export const runReplySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['cycleId', 'runId'],
  properties: { cycleId: idSchema, runId: idSchema },
} as const;
