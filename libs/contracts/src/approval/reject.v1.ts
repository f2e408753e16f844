import { defineCommand, type CommandRequest } from '../define-event';
import {
  APPROVAL_CONTEXT,
  WORKFLOW_COMMAND_REQUIRED,
  workflowCommandProperties,
  workflowReplySchema,
} from './approval.schemas';

/** Sends a fund in review back to draft, with notes saying what must change. */
export const rejectV1 = defineCommand({
  context: APPROVAL_CONTEXT,
  name: 'Reject',
  version: 1,
  requestSchema: {
    type: 'object',
    description:
      'review → draft. Refusals: NOTES_REQUIRED (blank notes), FUND_NOT_IN_REVIEW, FUND_NOT_DRAFTED, FUND_ALREADY_APPROVED, FUND_ALREADY_PUBLISHED.',
    additionalProperties: false,
    required: [...WORKFLOW_COMMAND_REQUIRED],
    properties: workflowCommandProperties,
  },
  replySchema: workflowReplySchema,
  example: {
    request: {
      commandId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      actor: 'reviewer-9',
      cycleId: 'pf-001-2026-10-scheduled',
      fundId: 'fund-7',
      notes: 'Attach the manager’s confirmation of the holdings.',
    },
    reply: {
      cycleId: 'pf-001-2026-10-scheduled',
      runId: 'pf-001-2026-10-scheduled-run-1',
      fundId: 'fund-7',
      memoId: 'memo-fund-7-pf-001-2026-10-scheduled-v1',
      state: 'draft',
    },
  },
});

export type RejectRequest = CommandRequest<typeof rejectV1>;
