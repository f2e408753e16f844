import type { MemoDraftedV1, ReportPublishedV1, SubmitForReviewRequest, WorkflowReply } from '@fai/contracts';
import type { SqlExecutor } from '@fai/event-store';
import type { ConsumedEvent, ConsumerLogger } from '@fai/messaging';
import { currentLogContext, withLogContext } from '@fai/observability';
import type { ApprovalPolicies } from '../approval-policy/approval-policies';
import type { EventContext } from '@fai/service-kit';
import type { StreamCommands } from '../infrastructure/stream-commands';
import type { EvidencePacks } from '../evidence/evidence-packs';
import type { KnownRuns } from '../runs/known-runs';
import {
  fundWorkflowDecider,
  fundWorkflowStreamId,
  type DraftedFund,
  type FundWorkflowCommand,
  type FundWorkflowState,
} from './fund-workflow.decider';

/** What the three workflow commands carry (their contracts share one request shape). */
type WorkflowRequest = SubmitForReviewRequest;

export interface FundWorkflowDependencies {
  streams: StreamCommands;
  policies: ApprovalPolicies;
  runs: KnownRuns;
  evidence: EvidencePacks;
  db: SqlExecutor;
  clock: () => Date;
  logger?: Pick<ConsumerLogger, 'info'>;
}

/**
 * The fund workflow's use cases: people's commands (submit, approve, reject) and reporting's
 * events (a memo drafted, a report published), each decided on the fund's stream.
 */
export class FundWorkflowCommands {
  constructor(private readonly deps: FundWorkflowDependencies) {}

  submitForReview(request: WorkflowRequest): Promise<WorkflowReply> {
    return this.person(request, {
      type: 'SubmitForReview',
      data: personAction(request),
      metadata: this.now(),
    });
  }

  /**
   * Separation of duties needs the portfolio's policy and the cycle's runs, and approval the memo's
   * evidence coverage: all read just before deciding. Should the fund be redrafted meanwhile, the
   * decider sees the evidence belongs to another memo and refuses.
   */
  async approve(request: WorkflowRequest): Promise<WorkflowReply> {
    const state = await this.state(request);
    const drafted = state.status === 'none' ? undefined : state;
    const [policy, runs, evidence] = await Promise.all([
      this.deps.policies.policyOf(drafted?.portfolioId),
      this.deps.runs.ofCycle(this.deps.db, request.cycleId),
      drafted ? this.deps.evidence.ofMemo(this.deps.db, drafted.memoId) : undefined,
    ]);
    return this.person(request, {
      type: 'Approve',
      data: { ...personAction(request), policy, runs, evidence },
      metadata: this.now(),
    });
  }

  reject(request: WorkflowRequest): Promise<WorkflowReply> {
    return this.person(request, { type: 'Reject', data: personAction(request), metadata: this.now() });
  }

  async recordMemoDrafted(event: ConsumedEvent<MemoDraftedV1>, tx: SqlExecutor): Promise<void> {
    const { portfolioId, cycleId, runId, fundId, memoId } = event.data;
    await this.fromEvent(event, tx, {
      type: 'RecordMemoDrafted',
      data: { portfolioId, cycleId, runId, fundId, memoId },
      metadata: this.now(),
    });
  }

  async recordReportPublished(event: ConsumedEvent<ReportPublishedV1>, tx: SqlExecutor): Promise<void> {
    const { cycleId, runId, fundId, reportId } = event.data;
    await this.fromEvent(event, tx, {
      type: 'RecordReportPublished',
      data: { cycleId, runId, fundId, reportId },
      metadata: this.now(),
    });
  }

  private state({ cycleId, fundId }: { cycleId: string; fundId: string }): Promise<FundWorkflowState> {
    return this.deps.streams.load(fundWorkflowDecider, fundWorkflowStreamId(cycleId, fundId));
  }

  private async person(request: WorkflowRequest, command: FundWorkflowCommand): Promise<WorkflowReply> {
    const context: EventContext = {
      commandId: request.commandId,
      actor: request.actor,
      correlationId: currentLogContext().correlationId ?? request.commandId,
    };
    const { state } = await withLogContext({ fundId: request.fundId }, () => this.execute(command, context));
    const { cycleId, runId, fundId, memoId, status } = state as DraftedFund;
    return { cycleId, runId, fundId, memoId, state: status };
  }

  /** The consumed event names the command: a redelivery finds its events in the stream and decides nothing. */
  private async fromEvent(
    event: ConsumedEvent<{ cycleId: string; fundId: string }>,
    tx: SqlExecutor,
    command: FundWorkflowCommand,
  ): Promise<void> {
    const context: EventContext = {
      commandId: event.id,
      causationId: event.id,
      correlationId: event.correlationid,
      actor: event.actor ?? event.source,
      tenantId: event.tenantid,
    };
    await this.execute(command, context, tx);
  }

  /** Decides on the fund's stream and says what moved: the audit trail is the stream, this is for operators. */
  private async execute(command: FundWorkflowCommand, context: EventContext, tx?: SqlExecutor) {
    const { cycleId, fundId } = command.data;
    const outcome = await this.deps.streams.execute({
      decider: fundWorkflowDecider,
      streamId: fundWorkflowStreamId(cycleId, fundId),
      command,
      context,
      tx,
    });
    const moved = outcome.state as DraftedFund;
    if (outcome.duplicate) return outcome;
    for (const event of outcome.events)
      this.deps.logger?.info('fund workflow moved', {
        event: event.type,
        cycleId,
        runId: moved.runId,
        fundId,
        state: moved.status,
        actor: context.actor,
        commandId: context.commandId,
      });
    return outcome;
  }

  private now(): { now: Date } {
    return { now: this.deps.clock() };
  }
}

function personAction({ cycleId, fundId, actor, notes }: WorkflowRequest) {
  return { cycleId, fundId, actor, notes };
}
