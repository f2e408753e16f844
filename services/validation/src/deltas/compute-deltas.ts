import { comparable, isPercentUnit } from '../claims/claim-values';
import { hasValue, type Field } from '../fields/field';
import type { FundSnapshot, SnapshotField } from '../fields/snapshot';
import type { MaterialityPolicy, MetricPattern } from '../policies/policy-types';
import { HUNDRED, plain } from '../shared/decimal';
import { deterministicId } from '../shared/deterministic-id';
import { matchesAny } from '../shared/metric-pattern';
import { compareText } from '../shared/ordering';
import { changeCategoryOf } from './change-category';
import type { DeltaChange, UnscoredDelta } from './delta';

export interface DeltaComputation {
  /** No approved snapshot: this cycle is the fund's baseline and has no deltas. */
  baseline: boolean;
  priorSnapshotId?: string;
  deltas: UnscoredDelta[];
}

/**
 * Compares the fund's settled fields with its last approved snapshot. Only values are compared:
 * a field that is now a typed blank has an exception instead. A field the snapshot had and this
 * cycle lacks is `removed` only when the sources still report that metric for other subjects
 * (a key person no longer listed); a metric no source reports this time is missing data, not a change.
 * A delta's evidence is this run's claims (the value now, or the listing that no longer names it):
 * the memo's evidence pack holds this run's artefacts, and the before side is the prior snapshot's.
 */
export function computeDeltas(
  scope: { runId: string; fundId: string },
  fields: readonly Field[],
  snapshot: FundSnapshot | undefined,
  untracked: readonly MetricPattern[],
  materiality: MaterialityPolicy,
): DeltaComputation {
  if (!snapshot) return { baseline: true, deltas: [] };
  const tracked = (metric: string) => !matchesAny(metric, untracked);
  const current = new Map(
    fields
      .filter(hasValue)
      .filter((field) => tracked(field.metric))
      .map((field) => [field.key, field]),
  );
  const allCurrentKeys = new Set(fields.map((field) => field.key));
  const prior = new Map(
    snapshot.fields.filter((field) => tracked(field.metric)).map((field) => [field.key, field]),
  );
  const keys = [...new Set([...current.keys(), ...prior.keys()])].sort(compareText);
  const deltas = keys.flatMap((key): UnscoredDelta[] => {
    const after = current.get(key);
    const before = prior.get(key);
    const id = deterministicId('delta', scope.runId, scope.fundId, key);
    if (after && before) return changed(id, before, after, materiality);
    if (after) return [describe(id, after, 'added', undefined, after, after.claimIds, materiality)];
    if (!before || allCurrentKeys.has(key)) return [];
    const siblings = [...current.values()].filter((field) => field.metric === before.metric);
    if (siblings.length === 0) return [];
    const evidence = siblings.flatMap((field) => field.claimIds);
    return [describe(id, before, 'removed', before, undefined, evidence, materiality)];
  });
  return { baseline: false, priorSnapshotId: snapshot.snapshotId, deltas };
}

type Side = Pick<SnapshotField, 'value' | 'unit' | 'asOf'>;
type Described = Pick<SnapshotField, 'key' | 'metric' | 'shareClass' | 'subject'>;

function changed(
  id: string,
  before: SnapshotField,
  after: Field & Side,
  materiality: MaterialityPolicy,
): UnscoredDelta[] {
  const was = comparable(before);
  const now = comparable(after);
  if (was.kind === 'number' && now.kind === 'number' && was.unit === now.unit) {
    if (was.value.equals(now.value)) return [];
    const difference = now.value.minus(was.value);
    const change: DeltaChange = difference.isPositive() ? 'increase' : 'decrease';
    const magnitude = {
      absolute: plain(difference),
      ...(!was.value.isZero() && {
        relativePercent: difference.div(was.value.abs()).times(HUNDRED).toFixed(4),
      }),
      ...(isPercentUnit(before.unit) &&
        isPercentUnit(after.unit) && { bps: plain(difference.times(HUNDRED)) }),
    };
    return [
      {
        ...describe(id, after, change, before, after, after.claimIds, materiality),
        magnitude,
      },
    ];
  }
  if (was.kind === 'text' && now.kind === 'text' && was.unit === now.unit && was.value === now.value)
    return [];
  return [describe(id, after, 'changed', before, after, after.claimIds, materiality)];
}

function describe(
  deltaId: string,
  field: Described,
  change: DeltaChange,
  before: Side | undefined,
  after: Side | undefined,
  evidenceClaimIds: readonly string[],
  materiality: MaterialityPolicy,
): UnscoredDelta {
  return {
    deltaId,
    fieldKey: field.key,
    metric: field.metric,
    ...(field.shareClass !== undefined && { shareClass: field.shareClass }),
    ...(field.subject !== undefined && { subject: field.subject }),
    change,
    category: changeCategoryOf(field.metric, materiality),
    ...(before && { before: { value: before.value, unit: before.unit, asOf: before.asOf } }),
    ...(after && { after: { value: after.value, unit: after.unit, asOf: after.asOf } }),
    magnitude: {},
    evidenceClaimIds: [...new Set(evidenceClaimIds)],
  };
}
