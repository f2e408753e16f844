import { defineEvent, type EventData } from '../define-event';
import {
  APPROVAL_CONTEXT,
  FUND_MEMO_REQUIRED,
  fundMemoProperties,
  idSchema,
  instantSchema,
  notesSchema,
} from './approval.schemas';

/** A reviewer approved the fund's memo: `review` → `approved`; its content is locked for the cycle. */
export const fundApprovedV1 = defineEvent({
  context: APPROVAL_CONTEXT,
  name: 'FundApproved',
  version: 1,
  schema: {
    type: 'object',
    description:
      'Separation of duties held when it was written (approver ≠ run operator, ≠ submitter, as the portfolio’s policy says). Validation locks the fund’s run content, the scheduler refuses reruns of the run, reporting may publish the memo.',
    additionalProperties: false,
    required: [...FUND_MEMO_REQUIRED, 'approvedBy', 'submittedBy', 'notes', 'at'],
    properties: {
      ...fundMemoProperties,
      approvedBy: idSchema,
      submittedBy: idSchema,
      notes: notesSchema,
      at: instantSchema,
    },
  },
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    fundId: 'fund-7',
    memoId: 'memo-fund-7-pf-001-2026-10-scheduled-v1',
    approvedBy: 'reviewer-9',
    submittedBy: 'analyst-3',
    notes: 'Checked the OCF evidence against the KIID.',
    at: '2026-11-06T15:00:00.000Z',
  },
});

export type FundApprovedV1 = EventData<typeof fundApprovedV1>;
