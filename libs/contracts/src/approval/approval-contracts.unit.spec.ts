import { ContractRegistry } from '../contract-registry';
import { isContract, type AnyContract } from '../define-event';
import * as approval from './index';

const all = Object.values(approval).filter(isContract) as AnyContract[];
const registry = new ContractRegistry(all);

describe('approval contracts', () => {
  it('exports the workflow events and the commands answered on fai-cmd.approval.*', () => {
    expect(all.map((contract) => contract.subject).sort()).toEqual([
      'fai-cmd.approval.approve.v1',
      'fai-cmd.approval.get-fund-workflow.v1',
      'fai-cmd.approval.reject.v1',
      'fai-cmd.approval.set-approval-policy.v1',
      'fai-cmd.approval.submit-for-review.v1',
      'fai.approval.approval-policy-set.v1',
      'fai.approval.fund-approved.v1',
      'fai.approval.fund-entered-draft.v1',
      'fai.approval.fund-published.v1',
      'fai.approval.fund-rejected.v1',
      'fai.approval.fund-submitted-for-review.v1',
    ]);
  });

  it('lets a reject request through with blank notes, for the service to refuse with NOTES_REQUIRED', () => {
    const request = { ...approval.rejectV1.example.request, notes: '' };
    expect(registry.validateRequest('Reject', 1, request)).toEqual(request);
  });

  it('never records a rejection without notes, nor a policy without a rationale', () => {
    const rejected = { ...approval.fundRejectedV1.example, notes: '' };
    expect(() => registry.validate('FundRejected', 1, rejected)).toThrow(
      expect.objectContaining({ code: 'CONTRACT_VIOLATION' }),
    );
    const policy = { ...approval.setApprovalPolicyV1.example.request, rationale: '  ' };
    expect(() => registry.validateRequest('SetApprovalPolicy', 1, policy)).toThrow(
      expect.objectContaining({ code: 'CONTRACT_VIOLATION' }),
    );
  });

  it('names the separation-of-duties rule a refusal broke', () => {
    const error = new approval.SeparationOfDutiesError({
      portfolioId: 'pf-001',
      cycleId: 'c-1',
      fundId: 'fund-7',
      actor: 'user-1',
      rule: 'approver_is_operator',
    });
    expect(error.toBody()).toMatchObject({
      code: 'SEPARATION_OF_DUTIES',
      details: { rule: 'approver_is_operator', actor: 'user-1' },
    });
    expect(error.message).toBe('user-1 operated the run of fund fund-7 in cycle c-1 and may not approve it');
  });
});
