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
  type FundApprovedV1,
  type FundEnteredDraftV1,
  type FundPublishedV1,
  type FundRejectedV1,
  type FundSubmittedForReviewV1,
  type WorkflowState,
} from '@fai/contracts';
import { assertNever, type Decider, type DomainCommand, type DomainEvent } from '@fai/decider';
import type { ApprovalPolicy } from '../approval-policy/approval-policy.decider';
import { PublishedWithoutApprovalError } from './fund-workflow.errors';

/*
 * One fund's review workflow in one cycle: draft → review → approved → published, rejection back
 * to draft. Reporting's drafts and publications come in as commands named by their cause event;
 * people submit, approve and reject. Approval locks the fund for the cycle: nothing but its
 * publication moves it afterwards.
 */

/** The evidence pack reporting built for a memo: how many of its figures trace to a claim (a decimal in 0..1). */
export interface MemoEvidence {
  memoId: string;
  evidenceCoverage: string;
}

/** A run of the fund's cycle as the approval service learnt it from the scheduler's RunStarted. */
export interface KnownRun {
  runId: string;
  runNumber: number;
  operator: string;
}

interface FundRef {
  cycleId: string;
  fundId: string;
}

interface PersonAction extends FundRef {
  actor: string;
  notes: string;
}

export type RecordMemoDrafted = DomainCommand<
  'RecordMemoDrafted',
  FundRef & { portfolioId: string; runId: string; memoId: string }
>;
export type SubmitForReview = DomainCommand<'SubmitForReview', PersonAction>;
export type Approve = DomainCommand<
  'Approve',
  PersonAction & {
    /** The portfolio's policy in force. */
    policy: ApprovalPolicy;
    /** The runs of the cycle the service knows of: the draft's run names its operator, a later one supersedes it. */
    runs: readonly KnownRun[];
    /** The evidence pack of the fund's current memo, once reporting has built it. */
    evidence?: MemoEvidence;
  }
>;
export type Reject = DomainCommand<'Reject', PersonAction>;
export type RecordReportPublished = DomainCommand<
  'RecordReportPublished',
  FundRef & { runId: string; reportId: string }
>;

export type FundWorkflowCommand =
  RecordMemoDrafted | SubmitForReview | Approve | Reject | RecordReportPublished;

export type FundWorkflowEvent =
  | DomainEvent<'FundEnteredDraft', FundEnteredDraftV1>
  | DomainEvent<'FundSubmittedForReview', FundSubmittedForReviewV1>
  | DomainEvent<'FundApproved', FundApprovedV1>
  | DomainEvent<'FundRejected', FundRejectedV1>
  | DomainEvent<'FundPublished', FundPublishedV1>;

/** The fund's drafted memo and where its workflow stands. */
export interface DraftedFund {
  status: WorkflowState;
  portfolioId: string;
  cycleId: string;
  fundId: string;
  runId: string;
  memoId: string;
  submittedBy?: string;
  approvedBy?: string;
  reportId?: string;
}

export type FundWorkflowState = { status: 'none' } | DraftedFund;

/** `fund-workflow-<cycleId>/<fundId>`: ids may hold `-`, so `/` keeps two pairs from naming one stream. */
export function fundWorkflowStreamId(cycleId: string, fundId: string): string {
  return `fund-workflow-${cycleId}/${fundId}`;
}

function decide(command: FundWorkflowCommand, state: FundWorkflowState): FundWorkflowEvent[] {
  switch (command.type) {
    case 'RecordMemoDrafted':
      return enterDraft(command, state);
    case 'SubmitForReview':
      return submitForReview(command, state);
    case 'Approve':
      return approve(command, state);
    case 'Reject':
      return reject(command, state);
    case 'RecordReportPublished':
      return publish(command, state);
    default:
      return assertNever(command, 'fund workflow command');
  }
}

/** A (re)draft returns a fund not yet approved to draft; the same memo again is a redelivery. */
function enterDraft({ data, metadata }: RecordMemoDrafted, state: FundWorkflowState): FundWorkflowEvent[] {
  if (state.status !== 'none' && state.memoId === data.memoId) return [];
  if (state.status !== 'none') refuseLocked(state);
  const { portfolioId, cycleId, runId, fundId, memoId } = data;
  return [
    { type: 'FundEnteredDraft', data: { portfolioId, cycleId, runId, fundId, memoId, at: iso(metadata) } },
  ];
}

function submitForReview({ data, metadata }: SubmitForReview, state: FundWorkflowState): FundWorkflowEvent[] {
  const fund = drafted(state, data);
  refuseLocked(fund);
  // Asked twice, it is in review once: the first submitter stays the one approval is checked against.
  if (fund.status === 'review') return [];
  return [
    {
      type: 'FundSubmittedForReview',
      data: { ...memoOf(fund), submittedBy: data.actor, notes: data.notes, at: iso(metadata) },
    },
  ];
}

function approve({ data, metadata }: Approve, state: FundWorkflowState): FundWorkflowEvent[] {
  const fund = inReview(state, data);
  const submittedBy = fund.submittedBy!;
  const operator = runOperator(fund, data.runs);
  requireFullEvidence(fund, data.evidence);
  const ref = {
    portfolioId: fund.portfolioId,
    cycleId: fund.cycleId,
    fundId: fund.fundId,
    actor: data.actor,
  };
  if (!data.policy.approverMayBeOperator && data.actor === operator)
    throw new SeparationOfDutiesError({ ...ref, rule: 'approver_is_operator' });
  if (!data.policy.approverMayBeSubmitter && data.actor === submittedBy)
    throw new SeparationOfDutiesError({ ...ref, rule: 'approver_is_submitter' });
  return [
    {
      type: 'FundApproved',
      data: { ...memoOf(fund), approvedBy: data.actor, submittedBy, notes: data.notes, at: iso(metadata) },
    },
  ];
}

function reject({ data, metadata }: Reject, state: FundWorkflowState): FundWorkflowEvent[] {
  if (data.notes.trim() === '')
    throw new NotesRequiredError({ cycleId: data.cycleId, fundId: data.fundId, action: 'rejection' });
  const fund = inReview(state, data);
  return [
    {
      type: 'FundRejected',
      data: { ...memoOf(fund), rejectedBy: data.actor, notes: data.notes, at: iso(metadata) },
    },
  ];
}

/** Reporting publishes approved funds only; publication is final, so a repeat changes nothing. */
function publish({ data, metadata }: RecordReportPublished, state: FundWorkflowState): FundWorkflowEvent[] {
  if (state.status === 'published') return [];
  if (state.status !== 'approved')
    throw new PublishedWithoutApprovalError({ ...refOf(data), state: state.status, reportId: data.reportId });
  const { portfolioId, cycleId, fundId } = state;
  return [
    {
      type: 'FundPublished',
      data: { portfolioId, cycleId, runId: data.runId, fundId, reportId: data.reportId, at: iso(metadata) },
    },
  ];
}

function drafted(state: FundWorkflowState, fund: FundRef): DraftedFund {
  if (state.status === 'none') throw new FundNotDraftedError(refOf(fund));
  return state;
}

function inReview(state: FundWorkflowState, ref: FundRef): DraftedFund {
  const fund = drafted(state, ref);
  refuseLocked(fund);
  if (fund.status !== 'review') throw new FundNotInReviewError({ ...refOf(fund), state: fund.status });
  return fund;
}

/** Approved and published funds are locked for the cycle. */
function refuseLocked(fund: DraftedFund): void {
  if (fund.status === 'approved')
    throw new FundAlreadyApprovedError({ ...refOf(fund), approvedBy: fund.approvedBy! });
  if (fund.status === 'published') throw new FundAlreadyPublishedError(refOf(fund));
}

/** The operator of the draft's run, provided no later run of the cycle has replaced it. */
function runOperator(fund: DraftedFund, runs: readonly KnownRun[]): string {
  const run = runs.find((known) => known.runId === fund.runId);
  if (!run) throw new RunOperatorUnknownError({ ...refOf(fund), runId: fund.runId });
  const later = runs.find((known) => known.runNumber > run.runNumber);
  if (later) throw new DraftSupersededError({ ...refOf(fund), runId: run.runId, currentRunId: later.runId });
  return run.operator;
}

// Coverage is a decimal string in 0..1 (the contract's pattern): complete is 1, however many zeros follow.
const FULL_COVERAGE = /^1(\.0+)?$/;

/** Every figure of the memo must trace to a claim before the fund is approved. */
function requireFullEvidence(fund: DraftedFund, evidence: MemoEvidence | undefined): void {
  const coverage = evidence?.memoId === fund.memoId ? evidence.evidenceCoverage : null;
  if (coverage === null || !FULL_COVERAGE.test(coverage))
    throw new EvidenceIncompleteError({ ...refOf(fund), memoId: fund.memoId, evidenceCoverage: coverage });
}

function refOf({ cycleId, fundId }: FundRef): FundRef {
  return { cycleId, fundId };
}

type MemoRef = Pick<DraftedFund, 'portfolioId' | 'cycleId' | 'runId' | 'fundId' | 'memoId'>;

function memoOf({ portfolioId, cycleId, runId, fundId, memoId }: MemoRef): MemoRef {
  return { portfolioId, cycleId, runId, fundId, memoId };
}

function iso(metadata: { now: Date }): string {
  return metadata.now.toISOString();
}

function evolve(state: FundWorkflowState, event: FundWorkflowEvent): FundWorkflowState {
  switch (event.type) {
    case 'FundEnteredDraft':
      return { status: 'draft', ...memoOf(event.data) };
    case 'FundSubmittedForReview':
      return { ...(state as DraftedFund), status: 'review', submittedBy: event.data.submittedBy };
    case 'FundApproved':
      return { ...(state as DraftedFund), status: 'approved', approvedBy: event.data.approvedBy };
    case 'FundRejected':
      return { ...(state as DraftedFund), status: 'draft', submittedBy: undefined };
    case 'FundPublished':
      return { ...(state as DraftedFund), status: 'published', reportId: event.data.reportId };
    default:
      return assertNever(event, 'fund workflow event');
  }
}

export const fundWorkflowDecider: Decider<FundWorkflowCommand, FundWorkflowEvent, FundWorkflowState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
