import {
  DraftSupersededError,
  EvidenceIncompleteError,
  FundAlreadyApprovedError,
  FundAlreadyPublishedError,
  FundNotDraftedError,
  FundNotInReviewError,
  NotesRequiredError,
  RunOperatorUnknownError,
  SeparationOfDutiesError,
} from '@fai/contracts';
import { fold } from '@fai/decider';
import { deciderSpecification } from '@fai/decider/testing';
import { FOUR_EYES, type ApprovalPolicy } from '../approval-policy/approval-policy.decider';
import {
  fundWorkflowDecider,
  fundWorkflowStreamId,
  type FundWorkflowCommand,
  type FundWorkflowEvent,
  type KnownRun,
  type MemoEvidence,
} from './fund-workflow.decider';
import { PublishedWithoutApprovalError } from './fund-workflow.errors';

const spec = deciderSpecification(fundWorkflowDecider);

const cycleId = 'pf-001-2026-10-scheduled';
const fundId = 'fund-7';
const run1 = `${cycleId}-run-1`;
const run2 = `${cycleId}-run-2`;
const now = new Date('2026-11-05T09:30:00.000Z');
const at = now.toISOString();
const metadata = { now };

const OPERATOR = 'operator-1';
const ANALYST = 'analyst-3';
const REVIEWER = 'reviewer-9';
const RUNS: KnownRun[] = [{ runId: run1, runNumber: 1, operator: OPERATOR }];

const memo = (runId = run1, memoId = 'memo-1') => ({ portfolioId: 'pf-001', cycleId, runId, fundId, memoId });

// ---- commands -------------------------------------------------------------------------------

const memoDrafted = (runId = run1, memoId = 'memo-1'): FundWorkflowCommand => ({
  type: 'RecordMemoDrafted',
  data: memo(runId, memoId),
  metadata,
});
const submit = (actor = ANALYST, notes = 'ready'): FundWorkflowCommand => ({
  type: 'SubmitForReview',
  data: { cycleId, fundId, actor, notes },
  metadata,
});
const FULL_EVIDENCE: MemoEvidence = { memoId: 'memo-1', evidenceCoverage: '1' };
const approve = (
  actor = REVIEWER,
  options: { policy?: ApprovalPolicy; runs?: KnownRun[]; evidence?: MemoEvidence | null } = {},
): FundWorkflowCommand => ({
  type: 'Approve',
  data: {
    cycleId,
    fundId,
    actor,
    notes: 'checked',
    policy: options.policy ?? FOUR_EYES,
    runs: options.runs ?? RUNS,
    evidence: options.evidence === null ? undefined : (options.evidence ?? FULL_EVIDENCE),
  },
  metadata,
});
const reject = (notes = 'attach the manager’s confirmation'): FundWorkflowCommand => ({
  type: 'Reject',
  data: { cycleId, fundId, actor: REVIEWER, notes },
  metadata,
});
const reportPublished: FundWorkflowCommand = {
  type: 'RecordReportPublished',
  data: { cycleId, fundId, runId: run1, reportId: 'report-1' },
  metadata,
};

// ---- events ---------------------------------------------------------------------------------

const enteredDraft = (runId = run1, memoId = 'memo-1'): FundWorkflowEvent => ({
  type: 'FundEnteredDraft',
  data: { ...memo(runId, memoId), at },
});
const submitted = (submittedBy = ANALYST): FundWorkflowEvent => ({
  type: 'FundSubmittedForReview',
  data: { ...memo(), submittedBy, notes: 'ready', at },
});
const approved: FundWorkflowEvent = {
  type: 'FundApproved',
  data: { ...memo(), approvedBy: REVIEWER, submittedBy: ANALYST, notes: 'checked', at },
};
const rejected: FundWorkflowEvent = {
  type: 'FundRejected',
  data: { ...memo(), rejectedBy: REVIEWER, notes: 'attach the manager’s confirmation', at },
};
const published: FundWorkflowEvent = {
  type: 'FundPublished',
  data: { portfolioId: 'pf-001', cycleId, runId: run1, fundId, reportId: 'report-1', at },
};

const drafted = [enteredDraft()];
const inReview = [enteredDraft(), submitted()];
const approvedFund = [...inReview, approved];
const publishedFund = [...approvedFund, published];

describe('fund workflow: draft', () => {
  it('a drafted memo puts the fund at draft', () => {
    spec.given([]).when(memoDrafted()).then([enteredDraft()]);
  });

  it('the same memo again (a redelivery) changes nothing', () => {
    spec.given(inReview).when(memoDrafted()).then([]);
  });

  it('a redraft (rerun) of a fund in review returns it to draft with the new memo', () => {
    spec
      .given(inReview)
      .when(memoDrafted(run2, 'memo-2'))
      .then([enteredDraft(run2, 'memo-2')]);
  });

  it('a redraft of an approved fund is refused: approval locks it for the cycle', () => {
    spec
      .given(approvedFund)
      .when(memoDrafted(run2, 'memo-2'))
      .thenThrows(FundAlreadyApprovedError, {
        code: 'FUND_ALREADY_APPROVED',
        details: { approvedBy: REVIEWER },
      });
  });

  it('a redraft of a published fund is refused', () => {
    spec
      .given(publishedFund)
      .when(memoDrafted(run2, 'memo-2'))
      .thenThrows(FundAlreadyPublishedError, { code: 'FUND_ALREADY_PUBLISHED' });
  });
});

describe('fund workflow: submit for review', () => {
  it('draft → review, recording the submitter and notes', () => {
    spec.given(drafted).when(submit()).then([submitted()]);
  });

  it('a fund already in review stays as it was submitted', () => {
    spec.given(inReview).when(submit('analyst-4')).then([]);
  });

  it('is refused before any draft', () => {
    spec
      .given([])
      .when(submit())
      .thenThrows(FundNotDraftedError, { code: 'FUND_NOT_DRAFTED', details: { cycleId, fundId } });
  });

  it('is refused once approved or published', () => {
    spec.given(approvedFund).when(submit()).thenThrows(FundAlreadyApprovedError);
    spec.given(publishedFund).when(submit()).thenThrows(FundAlreadyPublishedError);
  });
});

describe('fund workflow: approve', () => {
  it('review → approved by someone who neither operated the run nor submitted it', () => {
    spec.given(inReview).when(approve()).then([approved]);
  });

  it('refuses self-approval by the submitter (approver_is_submitter)', () => {
    spec
      .given(inReview)
      .when(approve(ANALYST))
      .thenThrows(SeparationOfDutiesError, {
        code: 'SEPARATION_OF_DUTIES',
        details: { rule: 'approver_is_submitter', actor: ANALYST, portfolioId: 'pf-001', cycleId, fundId },
      });
  });

  it('refuses the run’s operator (approver_is_operator)', () => {
    spec
      .given(inReview)
      .when(approve(OPERATOR))
      .thenThrows(SeparationOfDutiesError, { details: { rule: 'approver_is_operator', actor: OPERATOR } });
  });

  it('checks the operator first when the operator also submitted', () => {
    spec
      .given([enteredDraft(), submitted(OPERATOR)])
      .when(approve(OPERATOR, { policy: { approverMayBeOperator: false, approverMayBeSubmitter: true } }))
      .thenThrows(SeparationOfDutiesError, { details: { rule: 'approver_is_operator' } });
  });

  it('lets the operator approve when the portfolio’s policy allows it', () => {
    const policy = { approverMayBeOperator: true, approverMayBeSubmitter: false };
    const events = spec.given(inReview).when(approve(OPERATOR, { policy })).thenEvents();
    expect(events).toEqual([{ ...approved, data: { ...approved.data, approvedBy: OPERATOR } }]);
  });

  it('lets the submitter approve when the portfolio’s policy allows it, but not if they operated the run', () => {
    const policy = { approverMayBeOperator: false, approverMayBeSubmitter: true };
    const events = spec.given(inReview).when(approve(ANALYST, { policy })).thenEvents();
    expect(events).toEqual([{ ...approved, data: { ...approved.data, approvedBy: ANALYST } }]);
    spec
      .given([enteredDraft(), submitted(OPERATOR)])
      .when(approve(OPERATOR, { policy }))
      .thenThrows(SeparationOfDutiesError, { details: { rule: 'approver_is_operator' } });
  });

  it('refuses a fund not in review', () => {
    spec
      .given(drafted)
      .when(approve())
      .thenThrows(FundNotInReviewError, { code: 'FUND_NOT_IN_REVIEW', details: { state: 'draft' } });
  });

  it('refuses a fund never drafted', () => {
    spec.given([]).when(approve()).thenThrows(FundNotDraftedError);
  });

  it('refuses a second approval and an approval after publication', () => {
    spec.given(approvedFund).when(approve('reviewer-10')).thenThrows(FundAlreadyApprovedError);
    spec.given(publishedFund).when(approve('reviewer-10')).thenThrows(FundAlreadyPublishedError);
  });

  it('refuses while the run’s operator is unknown (its RunStarted has not arrived)', () => {
    spec
      .given(inReview)
      .when(approve(REVIEWER, { runs: [] }))
      .thenThrows(RunOperatorUnknownError, { code: 'RUN_OPERATOR_UNKNOWN', details: { runId: run1 } });
  });

  it.each([
    ['no evidence pack yet', null, null],
    ['coverage below 1', { memoId: 'memo-1', evidenceCoverage: '0.95' }, '0.95'],
    ['the pack of an earlier memo', { memoId: 'memo-0', evidenceCoverage: '1' }, null],
  ] as const)('refuses a memo with %s: every figure must trace to a claim', (_case, evidence, coverage) => {
    spec
      .given(inReview)
      .when(approve(REVIEWER, { evidence }))
      .thenThrows(EvidenceIncompleteError, {
        code: 'EVIDENCE_INCOMPLETE',
        details: { memoId: 'memo-1', evidenceCoverage: coverage },
      });
  });

  it('takes full coverage however it is written', () => {
    const evidence = { memoId: 'memo-1', evidenceCoverage: '1.000' };
    spec.given(inReview).when(approve(REVIEWER, { evidence })).then([approved]);
  });

  it('refuses a draft whose run a rerun has replaced', () => {
    const runs = [...RUNS, { runId: run2, runNumber: 2, operator: 'operator-2' }];
    spec
      .given(inReview)
      .when(approve(REVIEWER, { runs }))
      .thenThrows(DraftSupersededError, {
        code: 'DRAFT_SUPERSEDED',
        details: { runId: run1, currentRunId: run2 },
      });
  });
});

describe('fund workflow: reject', () => {
  it('review → draft with the reviewer’s notes', () => {
    spec.given(inReview).when(reject()).then([rejected]);
  });

  it('needs notes', () => {
    spec
      .given(inReview)
      .when(reject('  '))
      .thenThrows(NotesRequiredError, { code: 'NOTES_REQUIRED', details: { action: 'rejection' } });
  });

  it('refuses a fund not in review, approved or published', () => {
    spec.given(drafted).when(reject()).thenThrows(FundNotInReviewError);
    spec.given(approvedFund).when(reject()).thenThrows(FundAlreadyApprovedError);
    spec.given(publishedFund).when(reject()).thenThrows(FundAlreadyPublishedError);
    spec.given([]).when(reject()).thenThrows(FundNotDraftedError);
  });

  it('a rejected fund can be resubmitted, and the new submitter is the one approval checks', () => {
    spec
      .given([...inReview, rejected])
      .when(submit('analyst-4'))
      .then([submitted('analyst-4')]);
    spec
      .given([...inReview, rejected, submitted('analyst-4')])
      .when(approve('analyst-4'))
      .thenThrows(SeparationOfDutiesError, { details: { rule: 'approver_is_submitter' } });
    const events = spec
      .given([...inReview, rejected, submitted('analyst-4')])
      .when(approve(ANALYST))
      .thenEvents();
    expect(events).toEqual([
      { type: 'FundApproved', data: { ...approved.data, approvedBy: ANALYST, submittedBy: 'analyst-4' } },
    ]);
  });
});

describe('fund workflow: publication', () => {
  it('approved → published', () => {
    spec.given(approvedFund).when(reportPublished).then([published]);
  });

  it('a repeated publication changes nothing', () => {
    spec.given(publishedFund).when(reportPublished).then([]);
  });

  it('a publication of a fund that is not approved is an anomaly, never applied', () => {
    spec
      .given(inReview)
      .when(reportPublished)
      .thenThrows(PublishedWithoutApprovalError, {
        code: 'PUBLISHED_WITHOUT_APPROVAL',
        details: { state: 'review', reportId: 'report-1' },
      });
    spec
      .given([])
      .when(reportPublished)
      .thenThrows(PublishedWithoutApprovalError, { details: { state: 'none' } });
  });
});

describe('fund workflow: state', () => {
  it('follows every transition and forgets the submitter on rejection', () => {
    const state = (history: FundWorkflowEvent[]) => fold(fundWorkflowDecider, history);
    expect(state([])).toEqual({ status: 'none' });
    expect(state(inReview)).toEqual({ status: 'review', ...memo(), submittedBy: ANALYST });
    expect(state([...inReview, rejected])).toMatchObject({ status: 'draft', submittedBy: undefined });
    expect(state(publishedFund)).toEqual({
      status: 'published',
      ...memo(),
      submittedBy: ANALYST,
      approvedBy: REVIEWER,
      reportId: 'report-1',
    });
  });

  it('names one stream per cycle and fund', () => {
    expect(fundWorkflowStreamId(cycleId, fundId)).toBe('fund-workflow-pf-001-2026-10-scheduled/fund-7');
    expect(fundWorkflowStreamId('a-b', 'c')).not.toBe(fundWorkflowStreamId('a', 'b-c'));
  });
});
