import type { FundWorkflowEvent } from '../fund-workflow.decider';
import { evolveFundReview, type FundReviewView } from './fund-review-queue.projection';

const memo = {
  portfolioId: 'pf-001',
  cycleId: 'cycle-1',
  runId: 'cycle-1-run-1',
  fundId: 'fund-7',
  memoId: 'memo-1',
};
const t = (minute: number) => `2026-11-05T09:${String(minute).padStart(2, '0')}:00.000Z`;

const events: Record<string, FundWorkflowEvent> = {
  drafted: { type: 'FundEnteredDraft', data: { ...memo, at: t(0) } },
  submitted: {
    type: 'FundSubmittedForReview',
    data: { ...memo, submittedBy: 'analyst-3', notes: '', at: t(1) },
  },
  rejected: {
    type: 'FundRejected',
    data: { ...memo, rejectedBy: 'reviewer-9', notes: 'attach evidence', at: t(2) },
  },
  approved: {
    type: 'FundApproved',
    data: { ...memo, approvedBy: 'reviewer-9', submittedBy: 'analyst-3', notes: 'ok', at: t(3) },
  },
  published: {
    type: 'FundPublished',
    data: {
      portfolioId: 'pf-001',
      cycleId: 'cycle-1',
      runId: 'cycle-1-run-1',
      fundId: 'fund-7',
      reportId: 'report-1',
      at: t(4),
    },
  },
};

const replay = (...names: string[]): FundReviewView | null =>
  names.reduce<FundReviewView | null>((view, name) => evolveFundReview(view, events[name]), null);

describe('fund review queue', () => {
  it('lists a drafted fund at draft with its memo', () => {
    expect(replay('drafted')).toEqual({
      ...memo,
      state: 'draft',
      submittedBy: null,
      submittedAt: null,
      approvedBy: null,
      approvedAt: null,
      rejectionNotes: null,
      reportId: null,
      updatedAt: t(0),
    });
  });

  it('shows who submitted a fund awaiting review', () => {
    expect(replay('drafted', 'submitted')).toMatchObject({
      state: 'review',
      submittedBy: 'analyst-3',
      submittedAt: t(1),
    });
  });

  it('keeps the reviewer’s notes of a rejection until the fund is drafted again', () => {
    expect(replay('drafted', 'submitted', 'rejected')).toMatchObject({
      state: 'draft',
      submittedBy: null,
      rejectionNotes: 'attach evidence',
      updatedAt: t(2),
    });
    expect(replay('drafted', 'submitted', 'rejected', 'drafted')).toMatchObject({ rejectionNotes: null });
  });

  it('shows the approver, then the report once published', () => {
    expect(replay('drafted', 'submitted', 'approved')).toMatchObject({
      state: 'approved',
      approvedBy: 'reviewer-9',
      approvedAt: t(3),
    });
    expect(replay('drafted', 'submitted', 'approved', 'published')).toMatchObject({
      state: 'published',
      reportId: 'report-1',
      updatedAt: t(4),
    });
  });

  it('has no row for a fund never drafted', () => {
    expect(replay('submitted')).toBeNull();
  });
});
