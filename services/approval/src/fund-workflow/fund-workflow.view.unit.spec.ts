import { FundNotDraftedError } from '@fai/contracts';
import { FOUR_EYES } from '../approval-policy/approval-policy.decider';
import type { StoredEvent } from '../infrastructure/stream-commands';
import type { FundWorkflowEvent } from './fund-workflow.decider';
import { fundWorkflowView } from './fund-workflow.view';

const request = { cycleId: 'cycle-1', fundId: 'fund-7' };
const memo = {
  portfolioId: 'pf-001',
  cycleId: 'cycle-1',
  runId: 'cycle-1-run-1',
  fundId: 'fund-7',
  memoId: 'memo-1',
};
const recordedAt = new Date('2026-11-05T10:00:00.000Z');

const stored = (event: FundWorkflowEvent, actor?: string): StoredEvent<FundWorkflowEvent> => ({
  event,
  actor,
  recordedAt,
});

const history = [
  stored({ type: 'FundEnteredDraft', data: { ...memo, at: '2026-11-04T12:00:00.000Z' } }, 'fai/reporting'),
  stored(
    {
      type: 'FundSubmittedForReview',
      data: { ...memo, submittedBy: 'analyst-3', notes: 'ready', at: '2026-11-05T09:30:00.000Z' },
    },
    'analyst-3',
  ),
];

describe('fund workflow view', () => {
  it('says where the fund stands, who operated its run, the policy and every transition', () => {
    const runs = [{ runId: 'cycle-1-run-1', runNumber: 1, operator: 'operator-1' }];
    expect(fundWorkflowView(request, history, FOUR_EYES, runs)).toEqual({
      ...memo,
      state: 'review',
      runOperator: 'operator-1',
      submittedBy: 'analyst-3',
      policy: FOUR_EYES,
      history: [
        {
          transition: 'entered_draft',
          state: 'draft',
          runId: 'cycle-1-run-1',
          memoId: 'memo-1',
          actor: 'fai/reporting',
          notes: '',
          at: '2026-11-04T12:00:00.000Z',
        },
        {
          transition: 'submitted_for_review',
          state: 'review',
          runId: 'cycle-1-run-1',
          memoId: 'memo-1',
          actor: 'analyst-3',
          notes: 'ready',
          at: '2026-11-05T09:30:00.000Z',
        },
      ],
    });
  });

  it('leaves out the operator it does not know, and names a publication’s report', () => {
    const published = [
      ...history,
      stored(
        {
          type: 'FundApproved',
          data: {
            ...memo,
            approvedBy: 'reviewer-9',
            submittedBy: 'analyst-3',
            notes: '',
            at: '2026-11-06T09:00:00.000Z',
          },
        },
        'reviewer-9',
      ),
      stored({
        type: 'FundPublished',
        data: {
          portfolioId: 'pf-001',
          cycleId: 'cycle-1',
          runId: 'cycle-1-run-1',
          fundId: 'fund-7',
          reportId: 'report-1',
          at: '2026-11-07T09:00:00.000Z',
        },
      }),
    ];
    const view = fundWorkflowView(request, published, FOUR_EYES, []);
    expect(view).not.toHaveProperty('runOperator');
    expect(view).toMatchObject({ state: 'published', approvedBy: 'reviewer-9', reportId: 'report-1' });
    expect(view.history[3]).toEqual({
      transition: 'published',
      state: 'published',
      runId: 'cycle-1-run-1',
      reportId: 'report-1',
      actor: 'unknown',
      notes: '',
      at: '2026-11-07T09:00:00.000Z',
    });
  });

  it('refuses a fund with no draft in the cycle', () => {
    expect(() => fundWorkflowView(request, [], FOUR_EYES, [])).toThrow(FundNotDraftedError);
  });
});
