import { actorSchema, commandIdSchema, idSchema } from '../scheduler/scheduler.schemas';

/*
 * Schema fragments the approval context's contracts share. Each is `as const` so `FromSchema` infers
 * the exact types; contracts inline them (no `$ref`), so every published schema stands alone.
 */

export const APPROVAL_CONTEXT = 'approval';

/** A fund's review workflow in a cycle: rejection returns it to `draft`. */
export const WORKFLOW_STATES = ['draft', 'review', 'approved', 'published'] as const;
export type WorkflowState = (typeof WORKFLOW_STATES)[number];

// Ids, instants and the command envelope's fields mean here what they mean for the scheduler.
export { actorSchema, commandIdSchema, idSchema, instantSchema } from '../scheduler/scheduler.schemas';

export const notesSchema = {
  type: 'string',
  description: 'What the person acting wants the next reader to know; may be empty except on rejection.',
} as const;

export const workflowStateSchema = { type: 'string', enum: WORKFLOW_STATES } as const;

/** Who a fund's memo workflow is about: every approval event names the fund's run and memo. */
export const fundMemoProperties = {
  portfolioId: idSchema,
  cycleId: idSchema,
  runId: { ...idSchema, description: 'The run whose draft memo is under review.' },
  fundId: idSchema,
  memoId: { ...idSchema, description: 'The reporting memo this transition is about.' },
} as const;

export const FUND_MEMO_REQUIRED = ['portfolioId', 'cycleId', 'runId', 'fundId', 'memoId'] as const;

/** What the three workflow commands (submit for review, approve, reject) carry. */
export const workflowCommandProperties = {
  commandId: commandIdSchema,
  actor: actorSchema,
  cycleId: idSchema,
  fundId: idSchema,
  notes: notesSchema,
} as const;

export const WORKFLOW_COMMAND_REQUIRED = ['commandId', 'actor', 'cycleId', 'fundId', 'notes'] as const;

/** The reply of a workflow command: where the fund's workflow now stands. */
export const workflowReplySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['cycleId', 'runId', 'fundId', 'memoId', 'state'],
  properties: {
    cycleId: idSchema,
    runId: idSchema,
    fundId: idSchema,
    memoId: idSchema,
    state: workflowStateSchema,
  },
} as const;
