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
  type CyclePoliciesPinnedV1,
  type PolicyVersionActivatedV1,
} from '@fai/contracts';
import {
  assertNever,
  type Decider,
  type DomainCommand as Command,
  type DomainEvent as Event,
} from '@fai/decider';
import { hasRole, hasText, type Actor } from '../shared/actor';
import { policyIdOf } from './policy-document';
import type { PolicyKind } from './policy-types';

/*
 * The policy registry, one stream `policy-registry`: which version of each policy kind is active,
 * the content hash every activated version was registered with, and the versions each cycle pinned.
 *
 * - Only administrators activate, always with a rationale; a version id never names other content.
 * - A cycle pins once: what the scheduler asked for, the active version for the rest. Activating
 *   later changes nothing pinned. A redelivered pin with the same outcome decides nothing.
 * - Only an administrator re-pins a cycle, with a reason (e.g. a rerun under a corrected policy).
 */

export const POLICY_REGISTRY_STREAM = 'policy-registry';

/** Ids a cycle asks for (the scheduler's pinnedPolicyVersions); absent kinds take the active version. */
export interface RequestedPolicyIds {
  rulesetId?: string;
  materialityId?: string;
  sourcePolicyId?: string;
}

export type ActivatePolicyVersion = Command<
  'ActivatePolicyVersion',
  { policyKind: PolicyKind; version: number; contentHash: string; actor: Actor; rationale: string }
>;
export type PinCyclePolicies = Command<
  'PinCyclePolicies',
  { cycleId: string; requested: RequestedPolicyIds }
>;
export type RepinCyclePolicies = Command<
  'RepinCyclePolicies',
  { cycleId: string; requested: RequestedPolicyIds; actor: Actor; reason: string }
>;

export type PolicyRegistryCommand = ActivatePolicyVersion | PinCyclePolicies | RepinCyclePolicies;
export type PolicyRegistryEvent =
  | Event<'PolicyVersionActivated', PolicyVersionActivatedV1>
  | Event<'CyclePoliciesPinned', CyclePoliciesPinnedV1>;

interface KnownVersion {
  kind: PolicyKind;
  contentHash: string;
}
type PinnedVersion = CyclePoliciesPinnedV1['ruleset'];
export interface CyclePins {
  ruleset: PinnedVersion;
  materiality: PinnedVersion;
  sourcePolicy: PinnedVersion;
}

export interface PolicyRegistryState {
  active: Readonly<Partial<Record<PolicyKind, string>>>;
  versions: Readonly<Record<string, KnownVersion>>;
  pins: Readonly<Record<string, CyclePins>>;
}

export const policyRegistryDecider: Decider<PolicyRegistryCommand, PolicyRegistryEvent, PolicyRegistryState> =
  {
    decide,
    evolve,
    initialState: () => ({ active: {}, versions: {}, pins: {} }),
  };

function decide(command: PolicyRegistryCommand, state: PolicyRegistryState): PolicyRegistryEvent[] {
  switch (command.type) {
    case 'ActivatePolicyVersion':
      return activate(command, state);
    case 'PinCyclePolicies':
      return pin(command, state);
    case 'RepinCyclePolicies':
      return repin(command, state);
    default:
      return assertNever(command, 'policy registry command');
  }
}

function activate(
  { data, metadata }: ActivatePolicyVersion,
  state: PolicyRegistryState,
): PolicyRegistryEvent[] {
  const policyId = policyIdOf(data.policyKind, data.version);
  if (!hasRole(data.actor, 'administrator'))
    throw new PolicyActivationForbiddenError(data.actor.userId, policyId);
  if (!hasText(data.rationale)) throw new RationaleRequiredError(`activating ${policyId}`);
  const known = state.versions[policyId];
  if (known && known.contentHash !== data.contentHash) {
    throw new PolicyContentMismatchError(policyId, known.contentHash, data.contentHash);
  }
  const previousPolicyId = state.active[data.policyKind];
  if (previousPolicyId === policyId) throw new PolicyVersionAlreadyActiveError(policyId);
  return [
    {
      type: 'PolicyVersionActivated',
      data: {
        policyKind: data.policyKind,
        policyId,
        version: data.version,
        contentHash: data.contentHash,
        ...(previousPolicyId !== undefined && { previousPolicyId }),
        actor: data.actor.userId,
        rationale: data.rationale,
        at: metadata.now.toISOString(),
      },
    },
  ];
}

function pin({ data, metadata }: PinCyclePolicies, state: PolicyRegistryState): PolicyRegistryEvent[] {
  const pins = resolvePins(data.requested, state);
  const existing = state.pins[data.cycleId];
  if (existing) {
    if (samePins(existing, pins)) return [];
    throw new CyclePoliciesAlreadyPinnedError(data.cycleId);
  }
  return [
    { type: 'CyclePoliciesPinned', data: { cycleId: data.cycleId, ...pins, at: metadata.now.toISOString() } },
  ];
}

function repin({ data, metadata }: RepinCyclePolicies, state: PolicyRegistryState): PolicyRegistryEvent[] {
  if (!hasRole(data.actor, 'administrator')) {
    throw new PolicyActivationForbiddenError(data.actor.userId, `the pins of cycle ${data.cycleId}`);
  }
  if (!hasText(data.reason)) throw new RationaleRequiredError(`re-pinning cycle ${data.cycleId}`, 'reason');
  const existing = state.pins[data.cycleId];
  if (!existing) throw new CyclePoliciesNotPinnedError(data.cycleId);
  const pins = resolvePins({ ...idsOf(existing), ...data.requested }, state);
  if (samePins(existing, pins)) return [];
  return [
    {
      type: 'CyclePoliciesPinned',
      data: {
        cycleId: data.cycleId,
        ...pins,
        repin: { actor: data.actor.userId, reason: data.reason },
        at: metadata.now.toISOString(),
      },
    },
  ];
}

function resolvePins(requested: RequestedPolicyIds, state: PolicyRegistryState): CyclePins {
  return {
    ruleset: resolveOne('ruleset', requested.rulesetId, state),
    materiality: resolveOne('materiality', requested.materialityId, state),
    sourcePolicy: resolveOne('source_policy', requested.sourcePolicyId, state),
  };
}

function resolveOne(
  kind: PolicyKind,
  requested: string | undefined,
  state: PolicyRegistryState,
): PinnedVersion {
  const policyId = requested ?? state.active[kind];
  if (policyId === undefined) throw new NoActivePolicyError(kind);
  const known = state.versions[policyId];
  if (!known) throw new PolicyVersionUnknownError(policyId);
  if (known.kind !== kind) throw new PolicyKindMismatchError(policyId, kind, known.kind);
  return { policyId, contentHash: known.contentHash };
}

function idsOf(pins: CyclePins): Required<RequestedPolicyIds> {
  return {
    rulesetId: pins.ruleset.policyId,
    materialityId: pins.materiality.policyId,
    sourcePolicyId: pins.sourcePolicy.policyId,
  };
}

function samePins(a: CyclePins, b: CyclePins): boolean {
  return (['ruleset', 'materiality', 'sourcePolicy'] as const).every(
    (kind) => a[kind].policyId === b[kind].policyId && a[kind].contentHash === b[kind].contentHash,
  );
}

function evolve(state: PolicyRegistryState, event: PolicyRegistryEvent): PolicyRegistryState {
  switch (event.type) {
    case 'PolicyVersionActivated': {
      const { policyKind, policyId, contentHash } = event.data;
      return {
        ...state,
        active: { ...state.active, [policyKind]: policyId },
        versions: { ...state.versions, [policyId]: { kind: policyKind, contentHash } },
      };
    }
    case 'CyclePoliciesPinned': {
      const { cycleId, ruleset, materiality, sourcePolicy } = event.data;
      return { ...state, pins: { ...state.pins, [cycleId]: { ruleset, materiality, sourcePolicy } } };
    }
    default:
      return assertNever(event, 'policy registry event');
  }
}
