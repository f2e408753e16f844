import { defineCommand, type CommandRequest } from '../define-event';
import {
  APPROVAL_CONTEXT,
  WORKFLOW_COMMAND_REQUIRED,
  workflowCommandProperties,
  workflowReplySchema,
} from './approval.schemas';

/** Approves a fund in review; the approval locks the fund's content for the cycle. */
export const approveV1 = defineCommand({
  context: APPROVAL_CONTEXT,
  name: 'Approve',
  version: 1,
  requestSchema: {
    type: 'object',
    description:
      'review → approved. Refusals: SEPARATION_OF_DUTIES (details.rule approver_is_operator | approver_is_submitter), FUND_NOT_IN_REVIEW, FUND_NOT_DRAFTED, FUND_ALREADY_APPROVED, FUND_ALREADY_PUBLISHED, DRAFT_SUPERSEDED (a rerun replaced the draft’s run), EVIDENCE_INCOMPLETE (the memo’s evidence pack is not built or its coverage is below 1), RUN_OPERATOR_UNKNOWN (the run’s start has not reached approval yet: retry).',
    additionalProperties: false,
    required: [...WORKFLOW_COMMAND_REQUIRED],
    properties: workflowCommandProperties,
  },
  replySchema: workflowReplySchema,
  example: {
    request: {
      commandId: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
      actor: 'reviewer-9',
      cycleId: 'pf-001-2026-10-scheduled',
      fundId: 'fund-7',
      notes: 'Checked the OCF evidence against the KIID.',
    },
    reply: {
      cycleId: 'pf-001-2026-10-scheduled',
      runId: 'pf-001-2026-10-scheduled-run-1',
      fundId: 'fund-7',
      memoId: 'memo-fund-7-pf-001-2026-10-scheduled-v1',
      state: 'approved',
    },
  },
});

export type ApproveRequest = CommandRequest<typeof approveV1>;
