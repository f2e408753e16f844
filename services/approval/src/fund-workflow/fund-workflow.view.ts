import { FundNotDraftedError, type FundWorkflowView, type GetFundWorkflowRequest } from '@fai/contracts';
import { fold } from '@fai/decider';
import type { SqlExecutor } from '@fai/event-store';
import type { ApprovalPolicies } from '../approval-policy/approval-policies';
import type { ApprovalPolicy } from '../approval-policy/approval-policy.decider';
import type { StoredEvent, StreamCommands } from '../infrastructure/stream-commands';
import type { KnownRuns } from '../runs/known-runs';
import {
  fundWorkflowDecider,
  fundWorkflowStreamId,
  type FundWorkflowEvent,
  type KnownRun,
} from './fund-workflow.decider';

type HistoryEntry = FundWorkflowView['history'][number];

const TRANSITIONS: Record<FundWorkflowEvent['type'], Pick<HistoryEntry, 'transition' | 'state'>> = {
  FundEnteredDraft: { transition: 'entered_draft', state: 'draft' },
  FundSubmittedForReview: { transition: 'submitted_for_review', state: 'review' },
  FundApproved: { transition: 'approved', state: 'approved' },
  FundRejected: { transition: 'rejected', state: 'draft' },
  FundPublished: { transition: 'published', state: 'published' },
};

/** One transition as people read it: what happened, who did it, when and why. */
export function historyEntry({ event, actor }: StoredEvent<FundWorkflowEvent>): HistoryEntry {
  const data: { runId: string; at: string; memoId?: string; reportId?: string; notes?: string } = event.data;
  return {
    ...TRANSITIONS[event.type],
    runId: data.runId,
    ...(data.memoId ? { memoId: data.memoId } : {}),
    ...(data.reportId ? { reportId: data.reportId } : {}),
    actor: actor ?? 'unknown',
    notes: data.notes ?? '',
    at: data.at,
  };
}

/** A fund's workflow in a cycle from its stream, the portfolio's policy and the cycle's runs. */
export function fundWorkflowView(
  request: GetFundWorkflowRequest,
  history: ReadonlyArray<StoredEvent<FundWorkflowEvent>>,
  policy: ApprovalPolicy,
  runs: readonly KnownRun[],
): FundWorkflowView {
  const state = fold(
    fundWorkflowDecider,
    history.map(({ event }) => event),
  );
  if (state.status === 'none') throw new FundNotDraftedError(request);
  const { portfolioId, cycleId, runId, fundId, memoId, status, submittedBy, approvedBy, reportId } = state;
  const runOperator = runs.find((run) => run.runId === runId)?.operator;
  return {
    portfolioId,
    cycleId,
    runId,
    fundId,
    memoId,
    state: status,
    ...(runOperator ? { runOperator } : {}),
    ...(submittedBy ? { submittedBy } : {}),
    ...(approvedBy ? { approvedBy } : {}),
    ...(reportId ? { reportId } : {}),
    policy,
    history: history.map(historyEntry),
  };
}

/** The get-fund-workflow query: reads the fund's own stream, never a read model that may lag. */
export class FundWorkflowQuery {
  constructor(
    private readonly deps: {
      streams: StreamCommands;
      policies: ApprovalPolicies;
      runs: KnownRuns;
      db: SqlExecutor;
    },
  ) {}

  async run(request: GetFundWorkflowRequest): Promise<FundWorkflowView> {
    const { cycleId, fundId } = request;
    const history = await this.deps.streams.read<FundWorkflowEvent>(fundWorkflowStreamId(cycleId, fundId));
    const portfolioId = (history[0]?.event.data as { portfolioId?: string } | undefined)?.portfolioId;
    const [policy, runs] = await Promise.all([
      this.deps.policies.policyOf(portfolioId),
      this.deps.runs.ofCycle(this.deps.db, cycleId),
    ]);
    return fundWorkflowView(request, history, policy, runs);
  }
}
