import type { ExceptionRaisedV1 } from '@fai/contracts';
import { confidenceOf } from '../claims/claim-values';
import { isPrimarySource } from '../claims/source-ranking';
import { claimArtefactKey, type ValidationClaim } from '../claims/validation-claim';
import type { ExceptionCandidate } from '../checks/check-result';
import type { UnscoredDelta } from '../deltas/delta';
import type { MaterialityPolicy, ScoreDimension, Severity, SourcePolicy } from '../policies/policy-types';
import { clamp01, Dec, fixed, ONE, param, sum, ZERO } from '../shared/decimal';
import { matchesAny, matchesPattern } from '../shared/metric-pattern';

/*
 * Materiality (PRODUCT-SPEC §4.3) is a pure function of the item and the pinned policy version:
 * four dimensions in 0..1 (category severity, magnitude, evidence confidence, persistence),
 * weighted by the policy into a total. The breakdown is stored with every score.
 */

export type Materiality = ExceptionRaisedV1['materiality'];

export interface MagnitudeScore {
  score: Dec;
  /** The item is past a policy threshold (a magnitude rule, or beyond a check's tolerance). */
  crossed: boolean;
  rule?: string;
}

export interface EvidenceFacts {
  claims: readonly ValidationClaim[];
  stale?: boolean;
  contradicted?: boolean;
}

/** How often the same finding was seen: consecutive cycles, and distinct documents this cycle. */
export interface PersistenceFacts {
  consecutiveCycles: number;
  sources: number;
}

/** The first severity rule that matches the change wins; allocator preferences can only raise it. */
export function deltaSeverity(
  delta: UnscoredDelta,
  policy: MaterialityPolicy,
): { severity: Severity; note?: string } {
  if (policy.allocatorPreferences.escalateCategories.includes(delta.category)) {
    return { severity: 'high', note: 'allocator preference' };
  }
  const rule = policy.severity.rules.find(
    ({ when }) =>
      (when.category === undefined || when.category === delta.category) &&
      (when.metrics === undefined || matchesAny(delta.metric, when.metrics)) &&
      (when.changes === undefined || when.changes.includes(delta.change)),
  );
  return rule ? { severity: rule.severity, note: rule.note } : { severity: policy.severity.default };
}

/**
 * A measure at its threshold scores 1 / saturationMultiple, at saturationMultiple × threshold
 * the full 1. A numeric change no rule covers is measured relative to the policy's default
 * percentage; non-numeric and list changes score the policy's constants.
 */
export function deltaMagnitude(delta: UnscoredDelta, policy: MaterialityPolicy): MagnitudeScore {
  if (delta.change === 'added' || delta.change === 'removed')
    return { score: param(policy.magnitude.listChange), crossed: false };
  if (delta.change === 'changed') return { score: param(policy.magnitude.nonNumericChange), crossed: false };
  const rule = policy.magnitude.thresholds.find((threshold) =>
    threshold.metrics.some((pattern) => matchesPattern(delta.metric, pattern)),
  );
  const measured = rule ? measureOf(delta, rule.measure) : delta.magnitude.relativePercent;
  if (measured === undefined) return { score: param(policy.magnitude.nonNumericChange), crossed: false };
  if (rule?.direction && rule.direction !== delta.change)
    return { score: ZERO, crossed: false, rule: rule.id };
  const ratio = new Dec(measured)
    .abs()
    .div(param(rule?.threshold ?? policy.magnitude.defaultRelativePercent));
  return { score: saturate(ratio, policy), crossed: ratio.gte(ONE), ...(rule && { rule: rule.id }) };
}

function measureOf(
  delta: UnscoredDelta,
  measure: 'bps' | 'relative_percent' | 'absolute',
): string | undefined {
  if (measure === 'bps') return delta.magnitude.bps;
  if (measure === 'relative_percent') return delta.magnitude.relativePercent;
  return delta.magnitude.absolute;
}

/** A measured deviation scores by how many tolerances away it is; other exceptions by the policy's constant for their kind. */
export function exceptionMagnitude(candidate: ExceptionCandidate, policy: MaterialityPolicy): MagnitudeScore {
  if (candidate.deviationRatio !== undefined) {
    const ratio = new Dec(candidate.deviationRatio);
    return { score: saturate(ratio, policy), crossed: ratio.gte(ONE) };
  }
  const constant = policy.magnitude.exceptionKinds[candidate.kind] ?? policy.magnitude.exceptionKinds.default;
  return { score: param(constant), crossed: false };
}

function saturate(ratio: Dec, policy: MaterialityPolicy): Dec {
  return clamp01(ratio.div(param(policy.magnitude.saturationMultiple)));
}

/**
 * The weakest claim decides (its confidence, scaled down for a secondary source); agreement of
 * several documents adds, stale evidence and contradictions take away. No claim: no confidence.
 */
export function evidenceConfidence(
  facts: EvidenceFacts,
  policy: MaterialityPolicy,
  sources: SourcePolicy,
): Dec {
  if (facts.claims.length === 0) return ZERO;
  const secondary = param(policy.confidence.secondarySourceFactor);
  const base = Dec.min(
    ...facts.claims.map((claim) =>
      confidenceOf(claim).times(isPrimarySource(claim, sources) ? ONE : secondary),
    ),
  );
  const documents = new Set(facts.claims.map(claimArtefactKey)).size;
  return clamp01(
    base
      .plus(documents > 1 ? param(policy.confidence.agreementBonus) : ZERO)
      .minus(facts.stale ? param(policy.confidence.stalePenalty) : ZERO)
      .minus(facts.contradicted ? param(policy.confidence.contradictionPenalty) : ZERO),
  );
}

export function persistenceScore(facts: PersistenceFacts, policy: MaterialityPolicy): Dec {
  return clamp01(
    param(policy.persistence.perConsecutiveCycle)
      .times(Math.max(0, facts.consecutiveCycles - 1))
      .plus(param(policy.persistence.perAdditionalSource).times(Math.max(0, facts.sources - 1))),
  );
}

/** Weighted total and breakdown; the threshold is crossed by the total, or by a high-severity magnitude breach. */
export function score(
  severity: Severity,
  magnitude: MagnitudeScore,
  confidence: Dec,
  persistence: Dec,
  policy: MaterialityPolicy,
): Materiality {
  const dimensions: Record<ScoreDimension, Dec> = {
    severity: param(policy.severityScores[severity]),
    magnitude: magnitude.score,
    confidence,
    persistence,
  };
  const total = sum(
    (Object.keys(dimensions) as ScoreDimension[]).map((dimension) =>
      dimensions[dimension].times(param(policy.weights[dimension])),
    ),
  );
  const breach = policy.alert.highSeverityMagnitudeBreach && severity === 'high' && magnitude.crossed;
  return {
    policyId: policy.policyId,
    total: fixed(total),
    severity,
    breakdown: {
      severity: fixed(dimensions.severity),
      magnitude: fixed(dimensions.magnitude),
      confidence: fixed(dimensions.confidence),
      persistence: fixed(dimensions.persistence),
    },
    thresholdCrossed: total.gte(param(policy.alert.threshold)) || breach,
    ...(magnitude.rule !== undefined && { magnitudeRule: magnitude.rule }),
  };
}
