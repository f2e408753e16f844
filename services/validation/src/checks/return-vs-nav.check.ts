import type { ValidationClaim } from '../claims/validation-claim';
import { numericValue } from '../claims/claim-values';
import type { SnapshotField } from '../fields/snapshot';
import type { RulesetPolicy } from '../policies/policy-types';
import { Dec, HUNDRED, ONE, param } from '../shared/decimal';
import { daysBetween, previousMonthEnd } from '../shared/dates';
import { compareText } from '../shared/ordering';
import { contradiction, deviationRatio, measures, type CheckOutcome, type CheckResult } from './check-result';
import type { FundClaims } from './fund-claims';

type ReturnRules = RulesetPolicy['checks']['return_vs_nav'];

/** A NAV per share as of a date, from this run's claims or the last approved snapshot. */
interface NavPoint {
  asOf: string;
  value: Dec;
  unit: string;
  claimIds: string[];
}

/**
 * A share class's reported monthly return matches the change of its NAV per share over that
 * month (within percentage points from the ruleset). A NAV counts for a month end when it is the
 * last one on or before it, no more than `maxDateGapDays` earlier (weekends, holidays).
 * Distributing classes differ by their distributions: the tolerance is the ruleset's call.
 */
export function returnVsNavCheck(
  fund: FundClaims,
  rules: ReturnRules,
  prior: readonly SnapshotField[] = [],
): CheckOutcome {
  if (!rules.enabled) return { results: [], exceptions: [] };
  const returns = fund.of('share_class.monthly_return').filter((claim) => claim.shareClass !== undefined);
  const outcomes = returns.flatMap((claim) => {
    const navs = navSeries(fund, prior, claim.shareClass as string);
    const end = navAt(navs, claim.asOf, rules.maxDateGapDays);
    const start = navAt(navs, previousMonthEnd(claim.asOf), rules.maxDateGapDays);
    return end && start && end.unit === start.unit && !start.value.isZero()
      ? [compare(claim, start, end, rules)]
      : [];
  });
  if (outcomes.length === 0 && returns.length > 0) {
    const skipped: CheckResult = {
      checkId: 'return_vs_nav',
      rule: 'return_vs_nav',
      status: 'not_applicable',
      message: 'no NAV per share at both month ends of any reported monthly return',
      evidenceClaimIds: returns.map((claim) => claim.claimId),
      measures: {},
    };
    return { results: [skipped], exceptions: [] };
  }
  return {
    results: outcomes.map((outcome) => outcome.result),
    exceptions: outcomes.flatMap((outcome) => outcome.exceptions),
  };
}

function compare(claim: ValidationClaim, start: NavPoint, end: NavPoint, rules: ReturnRules) {
  const reported = numericValue(claim) ?? new Dec(0);
  const implied = end.value.div(start.value).minus(ONE).times(HUNDRED);
  const deviation = reported.minus(implied).abs();
  const tolerance = param(rules.tolerancePercentagePoints);
  const passed = deviation.lte(tolerance);
  const result: CheckResult = {
    checkId: `return_vs_nav:${claim.shareClass}:${claim.asOf}`,
    rule: 'return_vs_nav',
    status: passed ? 'passed' : 'failed',
    subject: claim.shareClass,
    message: passed
      ? `monthly return of ${claim.shareClass} to ${claim.asOf} matches its NAV per share`
      : `monthly return of ${claim.shareClass} to ${claim.asOf} is ${reported.toFixed()} %, NAV per share moved ${implied.toFixed(4)} %`,
    evidenceClaimIds: [claim.claimId, ...start.claimIds, ...end.claimIds],
    measures: measures({
      reportedPercent: reported,
      impliedPercent: implied.toDecimalPlaces(6),
      deviationPoints: deviation.toDecimalPlaces(6),
      tolerancePoints: tolerance,
      navStart: start.value,
      navEnd: end.value,
    }),
  };
  return {
    result,
    exceptions: passed
      ? []
      : [
          contradiction(
            result,
            rules.exception,
            `return_vs_nav:${claim.shareClass}`,
            {},
            deviationRatio(deviation, tolerance),
          ),
        ],
  };
}

function navSeries(fund: FundClaims, prior: readonly SnapshotField[], shareClass: string): NavPoint[] {
  const fromClaims = fund
    .of('nav.per_share')
    .filter((claim) => claim.shareClass === shareClass)
    .flatMap((claim) => {
      const value = numericValue(claim);
      return value ? [{ asOf: claim.asOf, value, unit: claim.unit, claimIds: [claim.claimId] }] : [];
    });
  const fromSnapshot = prior
    .filter((field) => field.metric === 'nav.per_share' && field.shareClass === shareClass)
    .flatMap((field) => {
      const value = numericValue(field);
      return value ? [{ asOf: field.asOf, value, unit: field.unit, claimIds: field.claimIds }] : [];
    });
  return [...fromSnapshot, ...fromClaims].sort((a, b) => compareText(a.asOf, b.asOf));
}

function navAt(series: readonly NavPoint[], date: string, maxGapDays: number): NavPoint | undefined {
  const candidates = series.filter(
    (point) => point.asOf <= date && daysBetween(point.asOf, date) <= maxGapDays,
  );
  return candidates[candidates.length - 1];
}
