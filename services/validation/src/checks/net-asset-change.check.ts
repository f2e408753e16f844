import { numericValue } from '../claims/claim-values';
import type { SnapshotField } from '../fields/snapshot';
import type { RulesetPolicy } from '../policies/policy-types';
import { Dec, HUNDRED, ONE, param, relativeDifference, sum, ZERO } from '../shared/decimal';
import { previousMonthEnd } from '../shared/dates';
import { contradiction, deviationRatio, measures, type CheckOutcome, type CheckResult } from './check-result';
import type { FundClaims } from './fund-claims';

const FLOWS_IN = ['fund.flow.sales', 'fund.flow.reinvestment'];
const FLOWS_OUT = ['fund.flow.redemption'];

/**
 * The change in net assets since the last approved snapshot is explained by flows and
 * performance: start × Π(1 + mean monthly return of the share classes) + sales + reinvestment −
 * redemptions ≈ end, within the ruleset's relative tolerance. Distributions paid out and the
 * timing of flows within a month are not known, which is why the tolerance is loose. Needs the
 * prior net assets, a return for every month in between, and amounts in one currency.
 */
export function netAssetChangeCheck(
  fund: FundClaims,
  rules: RulesetPolicy['checks']['net_asset_change'],
  prior: readonly SnapshotField[] = [],
): CheckOutcome {
  if (!rules.enabled) return { results: [], exceptions: [] };
  const start = prior.find((field) => field.key === 'fund.net_assets');
  const end = fund.latest('fund.net_assets');
  const startAmount = start && numericValue(start);
  const endAmount = end && numericValue(end);
  if (!start || !end || !startAmount || !endAmount || start.unit !== end.unit || start.asOf >= end.asOf) {
    return { results: [], exceptions: [] };
  }
  const months = monthsBetween(start.asOf, end.asOf);
  const monthlyReturns = months.map((month) => meanReturn(fund, month));
  const flows = fund.claims.filter(
    (claim) =>
      [...FLOWS_IN, ...FLOWS_OUT].includes(claim.metric) &&
      claim.value !== null &&
      claim.asOf > start.asOf &&
      claim.asOf <= end.asOf,
  );
  const evidenceClaimIds = [...start.claimIds, end.claimId, ...flows.map((claim) => claim.claimId)];
  if (monthlyReturns.some((entry) => entry === undefined) || flows.some((claim) => claim.unit !== end.unit)) {
    const skipped: CheckResult = {
      checkId: 'net_asset_change',
      rule: 'net_asset_change',
      status: 'not_applicable',
      message: `no return for every month from ${start.asOf} to ${end.asOf}, or flows in another currency`,
      evidenceClaimIds,
      measures: {},
    };
    return { results: [skipped], exceptions: [] };
  }
  const returns = monthlyReturns as Array<{ mean: Dec; claimIds: string[] }>;
  const growth = returns.reduce((factor, month) => factor.times(ONE.plus(month.mean.div(HUNDRED))), ONE);
  const netFlows = sum(
    flows.map((claim) => {
      const amount = (numericValue(claim) ?? ZERO).abs();
      return FLOWS_OUT.includes(claim.metric) ? amount.negated() : amount;
    }),
  );
  const expected = startAmount.times(growth).plus(netFlows);
  const deviation = relativeDifference(endAmount, expected, endAmount);
  const tolerance = param(rules.relativeTolerance);
  const passed = deviation.lte(tolerance);
  const result: CheckResult = {
    checkId: 'net_asset_change',
    rule: 'net_asset_change',
    status: passed ? 'passed' : 'failed',
    message: passed
      ? `net assets from ${start.asOf} to ${end.asOf} are explained by flows and performance`
      : `net assets moved to ${endAmount.toFixed()}; flows and performance explain ${expected.toFixed(2)}`,
    evidenceClaimIds: [...evidenceClaimIds, ...returns.flatMap((month) => month.claimIds)],
    measures: measures({
      start: startAmount,
      end: endAmount,
      netFlows,
      growthFactor: growth.toDecimalPlaces(8),
      expected: expected.toDecimalPlaces(2),
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
            'net_asset_change',
            {},
            deviationRatio(deviation, tolerance),
          ),
        ],
  };
}

/** The months (YYYY-MM) after `from` up to and including `to`. */
function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let cursor = to; cursor.slice(0, 7) > from.slice(0, 7); cursor = previousMonthEnd(cursor)) {
    months.unshift(cursor.slice(0, 7));
  }
  return months;
}

function meanReturn(fund: FundClaims, month: string): { mean: Dec; claimIds: string[] } | undefined {
  const claims = fund.of('share_class.monthly_return').filter((claim) => claim.asOf.slice(0, 7) === month);
  const values = claims.flatMap((claim) => {
    const value = numericValue(claim);
    return value ? [value] : [];
  });
  return values.length === 0
    ? undefined
    : { mean: sum(values).div(values.length), claimIds: claims.map((claim) => claim.claimId) };
}
