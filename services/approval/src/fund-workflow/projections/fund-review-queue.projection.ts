import type { WorkflowState } from '@fai/contracts';
import { assertNever } from '@fai/decider';
import type { FundWorkflowEvent } from '../fund-workflow.decider';

/** A fund of a cycle as reviewers list them: awaiting review, approved, published, back at draft. */
export interface FundReviewView {
  cycleId: string;
  fundId: string;
  portfolioId: string;
  runId: string;
  memoId: string;
  state: WorkflowState;
  submittedBy: string | null;
  submittedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  /** The reviewer's notes of the last rejection, until the fund is drafted again. */
  rejectionNotes: string | null;
  reportId: string | null;
  updatedAt: string;
}

/** Pure: the caller loads the fund's row (null before its first draft) and saves what this returns. */
export function evolveFundReview(
  view: FundReviewView | null,
  event: FundWorkflowEvent,
): FundReviewView | null {
  if (event.type === 'FundEnteredDraft') {
    const { cycleId, fundId, portfolioId, runId, memoId, at } = event.data;
    return {
      cycleId,
      fundId,
      portfolioId,
      runId,
      memoId,
      state: 'draft',
      submittedBy: null,
      submittedAt: null,
      approvedBy: null,
      approvedAt: null,
      rejectionNotes: null,
      reportId: null,
      updatedAt: at,
    };
  }
  if (!view) return view;
  const { at } = event.data;
  switch (event.type) {
    case 'FundSubmittedForReview':
      return {
        ...view,
        state: 'review',
        submittedBy: event.data.submittedBy,
        submittedAt: at,
        updatedAt: at,
      };
    case 'FundApproved':
      return { ...view, state: 'approved', approvedBy: event.data.approvedBy, approvedAt: at, updatedAt: at };
    case 'FundRejected':
      return {
        ...view,
        state: 'draft',
        submittedBy: null,
        submittedAt: null,
        rejectionNotes: event.data.notes,
        updatedAt: at,
      };
    case 'FundPublished':
      return { ...view, state: 'published', reportId: event.data.reportId, updatedAt: at };
    default:
      return assertNever(event, 'fund workflow event');
  }
}
