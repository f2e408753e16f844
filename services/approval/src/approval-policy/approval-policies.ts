import type { SetApprovalPolicyReply, SetApprovalPolicyRequest } from '@fai/contracts';
import { currentLogContext } from '@fai/observability';
import type { StreamCommands } from '../infrastructure/stream-commands';
import {
  approvalPolicyDecider,
  approvalPolicyStreamId,
  FOUR_EYES,
  type ApprovalPolicy,
} from './approval-policy.decider';

/** Portfolios' approval policies: set by command, read when a fund is approved. */
export class ApprovalPolicies {
  constructor(
    private readonly streams: StreamCommands,
    private readonly clock: () => Date,
  ) {}

  async set(request: SetApprovalPolicyRequest): Promise<SetApprovalPolicyReply> {
    const { commandId, actor, portfolioId, approverMayBeOperator, approverMayBeSubmitter, rationale } =
      request;
    const { events } = await this.streams.execute({
      decider: approvalPolicyDecider,
      streamId: approvalPolicyStreamId(portfolioId),
      command: {
        type: 'SetApprovalPolicy',
        data: { portfolioId, approverMayBeOperator, approverMayBeSubmitter, actor, rationale },
        metadata: { now: this.clock() },
      },
      context: { commandId, actor, correlationId: currentLogContext().correlationId ?? commandId },
    });
    return { portfolioId, changed: events.length > 0 };
  }

  /** The policy in force; a fund not drafted yet has no portfolio, and gets the default. */
  async policyOf(portfolioId: string | undefined): Promise<ApprovalPolicy> {
    if (portfolioId === undefined) return FOUR_EYES;
    return this.streams.load(approvalPolicyDecider, approvalPolicyStreamId(portfolioId));
  }
}
