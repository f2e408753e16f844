import { defineEvent, type EventData } from '../define-event';
import { APPROVAL_CONTEXT, FUND_MEMO_REQUIRED, fundMemoProperties, instantSchema } from './approval.schemas';

/** Reporting drafted the fund's memo: the fund's review workflow is (again) at `draft`. */
export const fundEnteredDraftV1 = defineEvent({
  context: APPROVAL_CONTEXT,
  name: 'FundEnteredDraft',
  version: 1,
  schema: {
    type: 'object',
    description:
      'Follows reporting’s MemoDrafted. A redraft (rerun) of a fund not yet approved returns it to draft with the new memo; an approved fund is never redrafted.',
    additionalProperties: false,
    required: [...FUND_MEMO_REQUIRED, 'at'],
    properties: { ...fundMemoProperties, at: instantSchema },
  },
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    fundId: 'fund-7',
    memoId: 'memo-fund-7-pf-001-2026-10-scheduled-v1',
    at: '2026-11-04T12:04:00.000Z',
  },
});

export type FundEnteredDraftV1 = EventData<typeof fundEnteredDraftV1>;
