import { defineCommand, type CommandReply, type CommandRequest } from '../define-event';
import {
  APPROVAL_CONTEXT,
  WORKFLOW_COMMAND_REQUIRED,
  workflowCommandProperties,
  workflowReplySchema,
} from './approval.schemas';

/** Sends a drafted fund for review. */
export const submitForReviewV1 = defineCommand({
  context: APPROVAL_CONTEXT,
  name: 'SubmitForReview',
  version: 1,
  requestSchema: {
    type: 'object',
    description:
      'draft → review. Refusals: FUND_NOT_DRAFTED, FUND_ALREADY_APPROVED, FUND_ALREADY_PUBLISHED; a fund already in review is not changed (the reply says review).',
    additionalProperties: false,
    required: [...WORKFLOW_COMMAND_REQUIRED],
    properties: workflowCommandProperties,
  },
  replySchema: workflowReplySchema,
  example: {
    request: {
      commandId: '0c9a1d2e-3f40-4a51-8b62-7c83d94ea5f6',
      actor: 'analyst-3',
      cycleId: 'pf-001-2026-10-scheduled',
      fundId: 'fund-7',
      notes: 'OCF change explained by the new share class.',
    },
    reply: {
      cycleId: 'pf-001-2026-10-scheduled',
      runId: 'pf-001-2026-10-scheduled-run-1',
      fundId: 'fund-7',
      memoId: 'memo-fund-7-pf-001-2026-10-scheduled-v1',
      state: 'review',
    },
  },
});

export type SubmitForReviewRequest = CommandRequest<typeof submitForReviewV1>;
export type WorkflowReply = CommandReply<typeof submitForReviewV1>;
