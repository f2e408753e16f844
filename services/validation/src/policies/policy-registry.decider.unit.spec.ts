import {
  CyclePoliciesAlreadyPinnedError,
  CyclePoliciesNotPinnedError,
  NoActivePolicyError,
  PolicyActivationForbiddenError,
  PolicyContentMismatchError,
  PolicyKindMismatchError,
  PolicyVersionAlreadyActiveError,
  PolicyVersionUnknownError,
  RationaleRequiredError,
} from '@fai/contracts';
import { fold } from '@fai/decider';
import { deciderSpecification } from '@fai/decider/testing';
import type { Actor } from '../shared/actor';
import {
  policyRegistryDecider,
  type PolicyRegistryCommand,
  type PolicyRegistryEvent,
  type RequestedPolicyIds,
} from './policy-registry.decider';
import type { PolicyKind } from './policy-types';

const spec = deciderSpecification(policyRegistryDecider);
const admin: Actor = { userId: 'admin-7', roles: ['administrator'] };
const reviewer: Actor = { userId: 'reviewer-3', roles: ['reviewer'] };
const now = new Date('2026-10-20T09:00:00.000Z');
const at = now.toISOString();
const hash = (n: number) => String(n).repeat(64).slice(0, 64);

const activate = (
  policyKind: PolicyKind,
  version: number,
  contentHash: string,
  actor = admin,
  rationale = 'pilot calibration',
): PolicyRegistryCommand => ({
  type: 'ActivatePolicyVersion',
  data: { policyKind, version, contentHash, actor, rationale },
  metadata: { now },
});
const activated = (
  policyKind: PolicyKind,
  policyId: string,
  contentHash: string,
  previousPolicyId?: string,
): PolicyRegistryEvent => ({
  type: 'PolicyVersionActivated',
  data: {
    policyKind,
    policyId,
    version: Number(policyId.split('@')[1]),
    contentHash,
    ...(previousPolicyId && { previousPolicyId }),
    actor: admin.userId,
    rationale: 'pilot calibration',
    at,
  },
});
const pin = (cycleId: string, requested: RequestedPolicyIds = {}): PolicyRegistryCommand => ({
  type: 'PinCyclePolicies',
  data: { cycleId, requested },
  metadata: { now },
});
const pinned = (
  cycleId: string,
  ruleset: string,
  materiality: string,
  sourcePolicy: string,
  hashes: [string, string, string],
): PolicyRegistryEvent => ({
  type: 'CyclePoliciesPinned',
  data: {
    cycleId,
    ruleset: { policyId: ruleset, contentHash: hashes[0] },
    materiality: { policyId: materiality, contentHash: hashes[1] },
    sourcePolicy: { policyId: sourcePolicy, contentHash: hashes[2] },
    at,
  },
});

const v1Active: PolicyRegistryEvent[] = [
  activated('ruleset', 'ruleset@1', hash(1)),
  activated('materiality', 'materiality@1', hash(2)),
  activated('source_policy', 'source-policy@1', hash(3)),
];
const v1Hashes: [string, string, string] = [hash(1), hash(2), hash(3)];

describe('policy registry', () => {
  describe('ActivatePolicyVersion', () => {
    it('given nothing active, when an administrator activates ruleset@1 with a rationale, then it is the active version', () => {
      spec
        .given([])
        .when(activate('ruleset', 1, hash(1)))
        .then([activated('ruleset', 'ruleset@1', hash(1))]);
    });

    it('given ruleset@1 active, when ruleset@2 is activated, then the event names the version it replaces', () => {
      spec
        .given(v1Active)
        .when(activate('ruleset', 2, hash(4)))
        .then([activated('ruleset', 'ruleset@2', hash(4), 'ruleset@1')]);
    });

    it('given ruleset@2 active, when ruleset@1 is activated again (a rollback), then it is active again', () => {
      spec
        .given([...v1Active, activated('ruleset', 'ruleset@2', hash(4), 'ruleset@1')])
        .when(activate('ruleset', 1, hash(1)))
        .then([activated('ruleset', 'ruleset@1', hash(1), 'ruleset@2')]);
    });

    it('refuses a user who is not an administrator', () => {
      spec
        .given([])
        .when(activate('ruleset', 1, hash(1), reviewer))
        .thenThrows(PolicyActivationForbiddenError, {
          code: 'POLICY_ACTIVATION_FORBIDDEN',
        });
    });

    it('refuses an activation without a rationale', () => {
      spec
        .given([])
        .when(activate('ruleset', 1, hash(1), admin, '  '))
        .thenThrows(RationaleRequiredError, { code: 'RATIONALE_REQUIRED' });
    });

    it('refuses to activate the version that is already active', () => {
      spec
        .given(v1Active)
        .when(activate('ruleset', 1, hash(1)))
        .thenThrows(PolicyVersionAlreadyActiveError);
    });

    it('refuses a known version id with other content: a version never changes', () => {
      spec
        .given([...v1Active, activated('ruleset', 'ruleset@2', hash(4), 'ruleset@1')])
        .when(activate('ruleset', 1, hash(9)))
        .thenThrows(PolicyContentMismatchError, { code: 'POLICY_CONTENT_MISMATCH' });
    });
  });

  describe('PinCyclePolicies', () => {
    it('given active versions, when a cycle asks for nothing, then it pins the active ones with their hashes', () => {
      spec
        .given(v1Active)
        .when(pin('c-1'))
        .then([pinned('c-1', 'ruleset@1', 'materiality@1', 'source-policy@1', v1Hashes)]);
    });

    it('pins the versions the cycle asked for and the active ones for the rest', () => {
      spec
        .given([...v1Active, activated('ruleset', 'ruleset@2', hash(4), 'ruleset@1')])
        .when(pin('c-1', { rulesetId: 'ruleset@1' }))
        .then([pinned('c-1', 'ruleset@1', 'materiality@1', 'source-policy@1', v1Hashes)]);
    });

    it('activating a new version never changes a pinned cycle', () => {
      const history = [...v1Active, pinned('c-1', 'ruleset@1', 'materiality@1', 'source-policy@1', v1Hashes)];
      const after = [
        ...history,
        ...policyRegistryDecider.decide(
          activate('ruleset', 2, hash(4)),
          fold(policyRegistryDecider, history),
        ),
      ];
      const state = fold(policyRegistryDecider, after);
      expect(state.active.ruleset).toBe('ruleset@2');
      expect(state.pins['c-1'].ruleset).toEqual({ policyId: 'ruleset@1', contentHash: hash(1) });
      // The next cycle gets the new version.
      spec
        .given(after)
        .when(pin('c-2'))
        .then([pinned('c-2', 'ruleset@2', 'materiality@1', 'source-policy@1', [hash(4), hash(2), hash(3)])]);
    });

    it('a redelivered pin with the same outcome decides nothing', () => {
      spec
        .given([...v1Active, pinned('c-1', 'ruleset@1', 'materiality@1', 'source-policy@1', v1Hashes)])
        .when(pin('c-1'))
        .then([]);
    });

    it('refuses to pin a cycle again with other versions', () => {
      spec
        .given([
          ...v1Active,
          pinned('c-1', 'ruleset@1', 'materiality@1', 'source-policy@1', v1Hashes),
          activated('ruleset', 'ruleset@2', hash(4), 'ruleset@1'),
        ])
        .when(pin('c-1'))
        .thenThrows(CyclePoliciesAlreadyPinnedError);
    });

    it('refuses unknown versions, versions of another kind, and kinds with nothing active', () => {
      spec
        .given(v1Active)
        .when(pin('c-1', { rulesetId: 'ruleset@7' }))
        .thenThrows(PolicyVersionUnknownError);
      spec
        .given(v1Active)
        .when(pin('c-1', { rulesetId: 'materiality@1' }))
        .thenThrows(PolicyKindMismatchError);
      spec
        .given(v1Active.slice(0, 2))
        .when(pin('c-1'))
        .thenThrows(NoActivePolicyError, { code: 'POLICY_NOT_ACTIVE' });
    });
  });

  describe('RepinCyclePolicies', () => {
    const repin = (actor: Actor, reason: string, requested: RequestedPolicyIds): PolicyRegistryCommand => ({
      type: 'RepinCyclePolicies',
      data: { cycleId: 'c-1', requested, actor, reason },
      metadata: { now },
    });
    const history = [
      ...v1Active,
      pinned('c-1', 'ruleset@1', 'materiality@1', 'source-policy@1', v1Hashes),
      activated('ruleset', 'ruleset@2', hash(4), 'ruleset@1'),
    ];

    it('an administrator re-pins a cycle with a reason; the other pins stay', () => {
      spec
        .given(history)
        .when(repin(admin, 'rerun under the corrected tolerance', { rulesetId: 'ruleset@2' }))
        .then([
          {
            type: 'CyclePoliciesPinned',
            data: {
              ...(pinned('c-1', 'ruleset@2', 'materiality@1', 'source-policy@1', [hash(4), hash(2), hash(3)])
                .data as object),
              repin: { actor: 'admin-7', reason: 'rerun under the corrected tolerance' },
            } as Extract<PolicyRegistryEvent, { type: 'CyclePoliciesPinned' }>['data'],
          },
        ]);
    });

    it('refuses others, a missing reason, and a cycle never pinned', () => {
      spec
        .given(history)
        .when(repin(reviewer, 'why not', { rulesetId: 'ruleset@2' }))
        .thenThrows(PolicyActivationForbiddenError);
      spec
        .given(history)
        .when(repin(admin, '', { rulesetId: 'ruleset@2' }))
        .thenThrows(RationaleRequiredError);
      spec
        .given(v1Active)
        .when(repin(admin, 'fix', { rulesetId: 'ruleset@1' }))
        .thenThrows(CyclePoliciesNotPinnedError);
    });
  });
});
