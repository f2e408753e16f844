import { defineEvent, type EventData } from '../define-event';
import {
  APPROVAL_CONTEXT,
  FUND_MEMO_REQUIRED,
  fundMemoProperties,
  idSchema,
  instantSchema,
} from './approval.schemas';

/** A reviewer sent the fund back: `review` → `draft`, with notes saying what must change. */
export const fundRejectedV1 = defineEvent({
  context: APPROVAL_CONTEXT,
  name: 'FundRejected',
  version: 1,
  schema: {
    type: 'object',
    description: 'The fund is at draft again; it can be resubmitted as it is or after a redraft.',
    additionalProperties: false,
    required: [...FUND_MEMO_REQUIRED, 'rejectedBy', 'notes', 'at'],
    properties: {
      ...fundMemoProperties,
      rejectedBy: idSchema,
      notes: { type: 'string', minLength: 1, description: 'Why, and what must change: always given.' },
      at: instantSchema,
    },
  },
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    fundId: 'fund-7',
    memoId: 'memo-fund-7-pf-001-2026-10-scheduled-v1',
    rejectedBy: 'reviewer-9',
    notes: 'The holdings exception was accepted without evidence; attach the manager’s confirmation.',
    at: '2026-11-06T11:00:00.000Z',
  },
});

export type FundRejectedV1 = EventData<typeof fundRejectedV1>;
