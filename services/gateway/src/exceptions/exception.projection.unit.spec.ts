import {
  exceptionAssignedV1,
  exceptionFollowUpRequestedV1,
  exceptionMonitoringStartedV1,
  exceptionRaisedV1,
  exceptionResolvedV1,
  policyVersionActivatedV1,
} from '@fai/contracts';
import { policyProjection } from '../policies/policy.projection';
import { exampleEvent as event, fold } from '../projections/projection-fixture';
import { exceptionProjection } from './exception.projection';

const ID = 'exc-5f1c0b2a9d8e7f6a5b4c3d2e1f0a9b8c';

describe('the exception read model', () => {
  it('queues a raised exception open, by its materiality', () => {
    const doc = fold(exceptionProjection, event(exceptionRaisedV1)).get(ID)!;
    expect(doc).toMatchObject({
      status: 'open',
      blocking: true,
      materiality: { total: '0.8200', policyId: 'materiality@1' },
    });
    expect(exceptionProjection.columns(doc)).toMatchObject({
      portfolio_id: 'pf-001',
      materiality: '0.8200',
      status: 'open',
    });
  });

  it('keeps every decision with actor and rationale, and the status they lead to (acceptance 13, 27)', () => {
    const doc = fold(
      exceptionProjection,
      event(exceptionRaisedV1),
      event(exceptionAssignedV1),
      event(exceptionFollowUpRequestedV1),
      event(exceptionMonitoringStartedV1),
      event(exceptionResolvedV1),
    ).get(ID)!;
    expect(doc).toMatchObject({
      status: 'resolved',
      assignee: 'reviewer-3',
      resolvedAt: '2026-11-04T13:00:00.000Z',
    });
    expect(doc.decisions.map((decision) => [decision.action, decision.actor])).toEqual([
      ['assign', 'operator-1'],
      ['follow_up', 'reviewer-3'],
      ['monitor', 'reviewer-3'],
      ['accept', 'reviewer-3'],
    ]);
    expect(doc.decisions[3].rationale).toContain('audited');
  });

  it('ignores decisions on an exception it never saw raised', () => {
    expect(fold(exceptionProjection, event(exceptionResolvedV1)).size).toBe(0);
  });
});

describe('the policy read model', () => {
  it('keeps the active version of each kind with every activation and its rationale', () => {
    const doc = fold(
      policyProjection,
      event(policyVersionActivatedV1, { policyId: 'materiality@1', version: 1, previousPolicyId: undefined }),
      event(policyVersionActivatedV1),
    ).get('materiality')!;
    expect(doc.activePolicyId).toBe('materiality@2');
    expect(doc.versions.map((version) => [version.policyId, version.activatedBy])).toEqual([
      ['materiality@1', 'admin-7'],
      ['materiality@2', 'admin-7'],
    ]);
  });
});
