import { defineCommand, type CommandReply, type CommandRequest } from '../define-event';
import {
  APPROVAL_CONTEXT,
  idSchema,
  instantSchema,
  notesSchema,
  workflowStateSchema,
} from './approval.schemas';

const TRANSITIONS = ['entered_draft', 'submitted_for_review', 'approved', 'rejected', 'published'] as const;

/** A fund's review workflow in a cycle: where it stands, who may approve it, and every transition. */
export const getFundWorkflowV1 = defineCommand({
  context: APPROVAL_CONTEXT,
  name: 'GetFundWorkflow',
  version: 1,
  requestSchema: {
    type: 'object',
    description:
      'A query: changes nothing. Refusal: FUND_NOT_DRAFTED (no memo of the fund was drafted in the cycle).',
    additionalProperties: false,
    required: ['cycleId', 'fundId'],
    properties: { cycleId: idSchema, fundId: idSchema },
  },
  replySchema: {
    type: 'object',
    additionalProperties: false,
    required: ['portfolioId', 'cycleId', 'runId', 'fundId', 'memoId', 'state', 'policy', 'history'],
    properties: {
      portfolioId: idSchema,
      cycleId: idSchema,
      runId: idSchema,
      fundId: idSchema,
      memoId: { ...idSchema, description: 'The latest drafted memo.' },
      state: workflowStateSchema,
      runOperator: {
        ...idSchema,
        description: 'Who operated the run (RunStarted’s actor), when the service has seen it.',
      },
      submittedBy: {
        ...idSchema,
        description: 'Who submitted the fund for review, while it is in review or later.',
      },
      approvedBy: idSchema,
      reportId: idSchema,
      policy: {
        type: 'object',
        description: 'The portfolio’s approval policy in force now.',
        additionalProperties: false,
        required: ['approverMayBeOperator', 'approverMayBeSubmitter'],
        properties: {
          approverMayBeOperator: { type: 'boolean' },
          approverMayBeSubmitter: { type: 'boolean' },
        },
      },
      history: {
        type: 'array',
        description: 'Every transition, oldest first.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['transition', 'state', 'runId', 'actor', 'notes', 'at'],
          properties: {
            transition: { type: 'string', enum: TRANSITIONS },
            state: { ...workflowStateSchema, description: 'The state the transition led to.' },
            runId: idSchema,
            memoId: idSchema,
            reportId: idSchema,
            actor: {
              ...idSchema,
              description: 'A user id, or system:<service> for transitions the pipeline made.',
            },
            notes: notesSchema,
            at: instantSchema,
          },
        },
      },
    },
  },
  example: {
    request: { cycleId: 'pf-001-2026-10-scheduled', fundId: 'fund-7' },
    reply: {
      portfolioId: 'pf-001',
      cycleId: 'pf-001-2026-10-scheduled',
      runId: 'pf-001-2026-10-scheduled-run-1',
      fundId: 'fund-7',
      memoId: 'memo-fund-7-pf-001-2026-10-scheduled-v1',
      state: 'review',
      runOperator: 'operator-1',
      submittedBy: 'analyst-3',
      policy: { approverMayBeOperator: false, approverMayBeSubmitter: false },
      history: [
        {
          transition: 'entered_draft',
          state: 'draft',
          runId: 'pf-001-2026-10-scheduled-run-1',
          memoId: 'memo-fund-7-pf-001-2026-10-scheduled-v1',
          actor: 'system:reporting',
          notes: '',
          at: '2026-11-04T12:04:00.000Z',
        },
        {
          transition: 'submitted_for_review',
          state: 'review',
          runId: 'pf-001-2026-10-scheduled-run-1',
          memoId: 'memo-fund-7-pf-001-2026-10-scheduled-v1',
          actor: 'analyst-3',
          notes: 'OCF change explained by the new share class.',
          at: '2026-11-05T09:30:00.000Z',
        },
      ],
    },
  },
});

export type GetFundWorkflowRequest = CommandRequest<typeof getFundWorkflowV1>;
export type FundWorkflowView = CommandReply<typeof getFundWorkflowV1>;
