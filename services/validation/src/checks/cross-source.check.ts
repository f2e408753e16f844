import { claimArtefactKey, type ValidationClaim } from '../claims/validation-claim';
import { comparable, type ComparableValue } from '../claims/claim-values';
import { rankClaims } from '../claims/source-ranking';
import type { FieldGroup } from '../fields/field-group';
import type { CrossSourceTolerance, RulesetPolicy, SourcePolicy } from '../policies/policy-types';
import { Dec, param, relativeDifference } from '../shared/decimal';
import { groupBy } from '../shared/collections';
import { daysBetween, latestDate } from '../shared/dates';
import { deviationRatio, measures, type CheckResult, type ExceptionCandidate } from './check-result';

type CrossSourceRules = RulesetPolicy['checks']['cross_source'];

/** What the sources of one field say together. */
export interface CrossSourceVerdict {
  /** The latest claim of each document (and each statement within one), at comparable dates, best-ranked first. */
  candidates: ValidationClaim[];
  agreed: boolean;
  result?: CheckResult;
  exception?: ExceptionCandidate;
}

/**
 * The same figure from several documents (or twice in one) agrees within the ruleset's
 * tolerance for the metric; otherwise it is a conflict, never settled silently: a contradiction
 * exception whose suggestion is the source policy's first-ranked claim.
 * Each document contributes the claims at its latest as-of date; dates further than
 * `maxAsOfGapDays` from the newest describe another moment and are not compared.
 */
export function crossSourceCheck(
  group: FieldGroup,
  valued: readonly ValidationClaim[],
  rules: CrossSourceRules,
  sourcePolicy: SourcePolicy,
): CrossSourceVerdict {
  const tolerance = rules.metrics[group.metric] ?? rules.default;
  const candidates = rankClaims(comparableCandidates(valued, tolerance), sourcePolicy);
  if (!rules.enabled || candidates.length < 2) return { candidates: candidates.slice(0, 1), agreed: true };
  const [reference, ...others] = candidates;
  const referenceValue = comparable(reference);
  const deviations = others.map((claim) => deviation(referenceValue, comparable(claim), tolerance));
  const agreed = deviations.every((entry) => entry.within);
  const worst = deviations.reduce((max, entry) => (entry.ratio.gt(max) ? entry.ratio : max), new Dec(0));
  const checkId = `cross_source:${group.key}`;
  const result: CheckResult = {
    checkId,
    rule: 'cross_source',
    status: agreed ? 'passed' : 'failed',
    subject: group.key,
    message: agreed
      ? `${group.key}: ${candidates.length} statements agree`
      : `${group.key}: sources disagree beyond tolerance (${candidates.map((claim) => `${claim.extractor.id} ${claim.value} ${claim.unit}`).join(' vs ')})`,
    evidenceClaimIds: candidates.map((claim) => claim.claimId),
    measures: measures({
      statements: String(candidates.length),
      documents: String(new Set(candidates.map(claimArtefactKey)).size),
      worstDeviationRatio: worst.toFixed(4),
      relativeTolerance: tolerance.relativeTolerance,
      absoluteTolerance: tolerance.absoluteTolerance,
    }),
  };
  if (agreed) return { candidates, agreed, result };
  return {
    candidates,
    agreed,
    result,
    exception: {
      kind: 'contradiction',
      policy: rules.exception,
      title: result.message,
      subject: checkId,
      checkId,
      fieldKey: group.key,
      evidenceClaimIds: result.evidenceClaimIds,
      details: { rule: 'cross_source', ...result.measures },
      choices: candidates.map((claim) => ({
        claimId: claim.claimId,
        value: claim.value ?? '',
        unit: claim.unit,
        asOf: claim.asOf,
        extractorId: claim.extractor.id,
        artefactSha256: claim.evidence.artefactSha256,
      })),
      deviationRatio: worst.toFixed(4),
      suggestion: {
        claimId: reference.claimId,
        value: reference.value ?? '',
        unit: reference.unit,
        reason: `${reference.extractor.id} ranks first in ${sourcePolicy.policyId}`,
      },
    },
  };
}

function comparableCandidates(
  valued: readonly ValidationClaim[],
  tolerance: CrossSourceTolerance,
): ValidationClaim[] {
  const newest = latestDate(valued.map((claim) => claim.asOf));
  if (newest === undefined) return [];
  const comparableInTime = valued.filter(
    (claim) => daysBetween(claim.asOf, newest) <= tolerance.maxAsOfGapDays,
  );
  return [...groupBy(comparableInTime, claimArtefactKey).values()].flatMap((claims) => {
    const latest = latestDate(claims.map((claim) => claim.asOf));
    return claims.filter((claim) => claim.asOf === latest);
  });
}

interface Deviation {
  within: boolean;
  /** deviation / tolerance; 0 when equal. */
  ratio: Dec;
}

function deviation(
  reference: ComparableValue,
  other: ComparableValue,
  tolerance: CrossSourceTolerance,
): Deviation {
  if (reference.kind === 'number' && other.kind === 'number' && reference.unit === other.unit) {
    const absolute = other.value.minus(reference.value).abs();
    const relative = relativeDifference(other.value, reference.value);
    const checks = [
      tolerance.relativeTolerance !== undefined && {
        deviation: relative,
        limit: param(tolerance.relativeTolerance),
      },
      tolerance.absoluteTolerance !== undefined && {
        deviation: absolute,
        limit: param(tolerance.absoluteTolerance),
      },
    ].flatMap((entry) => (entry ? [entry] : []));
    const within = checks.some((entry) => entry.deviation.lte(entry.limit));
    const ratio = Dec.min(...checks.map((entry) => new Dec(deviationRatio(entry.deviation, entry.limit))));
    return { within, ratio };
  }
  if (reference.kind === 'text' && other.kind === 'text' && reference.unit === other.unit) {
    return reference.value === other.value
      ? { within: true, ratio: new Dec(0) }
      : { within: false, ratio: new Dec(1) };
  }
  // Different currencies or kinds of value: nothing says they agree.
  return { within: false, ratio: new Dec(1) };
}
