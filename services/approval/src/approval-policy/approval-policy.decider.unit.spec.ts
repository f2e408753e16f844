import { fold } from '@fai/decider';
import { deciderSpecification } from '@fai/decider/testing';
import {
  approvalPolicyDecider,
  FOUR_EYES,
  type ApprovalPolicyEvent,
  type SetApprovalPolicy,
} from './approval-policy.decider';

const spec = deciderSpecification(approvalPolicyDecider);
const now = new Date('2026-11-01T09:00:00.000Z');

const setPolicy = (approverMayBeOperator: boolean, approverMayBeSubmitter: boolean): SetApprovalPolicy => ({
  type: 'SetApprovalPolicy',
  data: {
    portfolioId: 'pf-001',
    approverMayBeOperator,
    approverMayBeSubmitter,
    actor: 'admin-1',
    rationale: 'two-person team',
  },
  metadata: { now },
});
const policySet = (approverMayBeOperator: boolean, approverMayBeSubmitter: boolean): ApprovalPolicyEvent => ({
  type: 'ApprovalPolicySet',
  data: {
    portfolioId: 'pf-001',
    approverMayBeOperator,
    approverMayBeSubmitter,
    setBy: 'admin-1',
    rationale: 'two-person team',
    at: now.toISOString(),
  },
});

describe('approval policy', () => {
  it('is strict four eyes until set', () => {
    expect(fold(approvalPolicyDecider, [])).toEqual(FOUR_EYES);
    expect(FOUR_EYES).toEqual({ approverMayBeOperator: false, approverMayBeSubmitter: false });
  });

  it('records a change with who set it and why', () => {
    spec
      .given([])
      .when(setPolicy(true, false))
      .then([policySet(true, false)]);
    expect(fold(approvalPolicyDecider, [policySet(true, false)])).toEqual({
      approverMayBeOperator: true,
      approverMayBeSubmitter: false,
    });
  });

  it('writes nothing when the policy is already so', () => {
    spec.given([]).when(setPolicy(false, false)).then([]);
    spec
      .given([policySet(true, true)])
      .when(setPolicy(true, true))
      .then([]);
  });

  it('can return to four eyes', () => {
    spec
      .given([policySet(true, true)])
      .when(setPolicy(false, false))
      .then([policySet(false, false)]);
  });
});
