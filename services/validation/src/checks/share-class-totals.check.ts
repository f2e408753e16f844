import { numericValue } from '../claims/claim-values';
import type { ValidationClaim } from '../claims/validation-claim';
import type { RulesetPolicy } from '../policies/policy-types';
import { param, relativeDifference, sum, ZERO } from '../shared/decimal';
import { daysBetween } from '../shared/dates';
import { contradiction, deviationRatio, measures, type CheckOutcome, type CheckResult } from './check-result';
import type { FundClaims } from './fund-claims';

/** Share classes whose net assets are further from the fund total's date describe another moment. */
const MAX_DATE_GAP_DAYS = 5;

/**
 * Share-class net assets add up to the fund's net assets: equal (within tolerance) when every
 * share class the fund's claims name has a figure, never more than the total otherwise.
 */
export function shareClassTotalsCheck(
  fund: FundClaims,
  rules: RulesetPolicy['checks']['share_class_totals'],
): CheckOutcome {
  if (!rules.enabled) return { results: [], exceptions: [] };
  const total = fund.latest('fund.net_assets');
  const totalAmount = total && numericValue(total);
  if (!total || !totalAmount) return { results: [], exceptions: [] };
  const classes = fund.shareClasses();
  const figures = classes.flatMap((shareClass) => {
    const claim = fund.latest('share_class.net_assets', shareClass);
    return claim && Math.abs(daysBetween(claim.asOf, total.asOf)) <= MAX_DATE_GAP_DAYS ? [claim] : [];
  });
  if (figures.length === 0) return { results: [], exceptions: [] };
  const evidenceClaimIds = [total.claimId, ...figures.map((claim: ValidationClaim) => claim.claimId)];
  if (figures.some((claim) => claim.unit !== total.unit)) {
    const skipped: CheckResult = {
      checkId: 'share_class_totals',
      rule: 'share_class_totals',
      status: 'not_applicable',
      message: 'share-class net assets are in another currency than the fund total',
      evidenceClaimIds,
      measures: {},
    };
    return { results: [skipped], exceptions: [] };
  }
  const classSum = sum(figures.map((claim) => numericValue(claim) ?? ZERO));
  const complete = figures.length === classes.length;
  const tolerance = param(rules.relativeTolerance);
  const deviation = relativeDifference(classSum, totalAmount);
  const passed = complete ? deviation.lte(tolerance) : classSum.lte(totalAmount.times(tolerance.plus(1)));
  const result: CheckResult = {
    checkId: 'share_class_totals',
    rule: 'share_class_totals',
    status: passed ? 'passed' : 'failed',
    message: passed
      ? `share-class net assets ${complete ? 'add up to' : 'stay within'} the fund total`
      : `share-class net assets add up to ${classSum.toFixed()}, the fund total is ${totalAmount.toFixed()}`,
    evidenceClaimIds,
    measures: measures({
      classSum,
      fundTotal: totalAmount,
      classesWithFigures: String(figures.length),
      classes: String(classes.length),
      relativeDeviation: deviation.toDecimalPlaces(8),
      relativeTolerance: tolerance,
    }),
  };
  return {
    results: [result],
    exceptions: passed
      ? []
      : [
          contradiction(
            result,
            rules.exception,
            'share_class_totals',
            {},
            deviationRatio(deviation, tolerance),
          ),
        ],
  };
}
