import { defineEvent, type EventData } from '../define-event';
import {
  APPROVAL_CONTEXT,
  FUND_MEMO_REQUIRED,
  fundMemoProperties,
  idSchema,
  instantSchema,
  notesSchema,
} from './approval.schemas';

/** An analyst sent the fund's drafted memo for review: `draft` → `review`. */
export const fundSubmittedForReviewV1 = defineEvent({
  context: APPROVAL_CONTEXT,
  name: 'FundSubmittedForReview',
  version: 1,
  schema: {
    type: 'object',
    description: 'The submitter may not approve the fund unless the portfolio’s approval policy allows it.',
    additionalProperties: false,
    required: [...FUND_MEMO_REQUIRED, 'submittedBy', 'notes', 'at'],
    properties: { ...fundMemoProperties, submittedBy: idSchema, notes: notesSchema, at: instantSchema },
  },
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    fundId: 'fund-7',
    memoId: 'memo-fund-7-pf-001-2026-10-scheduled-v1',
    submittedBy: 'analyst-3',
    notes: 'OCF change explained by the new share class; follow-up on holdings sent to the manager.',
    at: '2026-11-05T09:30:00.000Z',
  },
});

export type FundSubmittedForReviewV1 = EventData<typeof fundSubmittedForReviewV1>;
