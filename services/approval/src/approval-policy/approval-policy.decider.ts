import type { ApprovalPolicySetV1 } from '@fai/contracts';
import { assertNever, type Decider, type DomainCommand, type DomainEvent } from '@fai/decider';

/*
 * A portfolio's separation-of-duties policy for approvals. Until one is set, both rules hold:
 * the approver is neither the run's operator nor the fund's submitter (strict four eyes).
 */

export interface ApprovalPolicy {
  approverMayBeOperator: boolean;
  approverMayBeSubmitter: boolean;
}

export const FOUR_EYES: ApprovalPolicy = { approverMayBeOperator: false, approverMayBeSubmitter: false };

export type SetApprovalPolicy = DomainCommand<
  'SetApprovalPolicy',
  ApprovalPolicy & { portfolioId: string; actor: string; rationale: string }
>;

export type ApprovalPolicyEvent = DomainEvent<'ApprovalPolicySet', ApprovalPolicySetV1>;

export type ApprovalPolicyState = ApprovalPolicy;

export function approvalPolicyStreamId(portfolioId: string): string {
  return `approval-policy-${portfolioId}`;
}

function decide(
  { type, data, metadata }: SetApprovalPolicy,
  state: ApprovalPolicyState,
): ApprovalPolicyEvent[] {
  if (type !== 'SetApprovalPolicy') return assertNever(type, 'approval policy command');
  const { portfolioId, approverMayBeOperator, approverMayBeSubmitter, actor, rationale } = data;
  if (
    approverMayBeOperator === state.approverMayBeOperator &&
    approverMayBeSubmitter === state.approverMayBeSubmitter
  )
    return [];
  return [
    {
      type: 'ApprovalPolicySet',
      data: {
        portfolioId,
        approverMayBeOperator,
        approverMayBeSubmitter,
        setBy: actor,
        rationale,
        at: metadata.now.toISOString(),
      },
    },
  ];
}

function evolve(_state: ApprovalPolicyState, { data }: ApprovalPolicyEvent): ApprovalPolicyState {
  return {
    approverMayBeOperator: data.approverMayBeOperator,
    approverMayBeSubmitter: data.approverMayBeSubmitter,
  };
}

export const approvalPolicyDecider: Decider<SetApprovalPolicy, ApprovalPolicyEvent, ApprovalPolicyState> = {
  decide,
  evolve,
  initialState: () => FOUR_EYES,
};
