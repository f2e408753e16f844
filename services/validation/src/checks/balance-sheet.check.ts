import { claimArtefactKey } from '../claims/validation-claim';
import { numericValue } from '../claims/claim-values';
import type { RulesetPolicy } from '../policies/policy-types';
import { param, relativeDifference } from '../shared/decimal';
import {
  contradiction,
  deviationRatio,
  measures,
  merge,
  type CheckOutcome,
  type CheckResult,
} from './check-result';
import type { FundClaims } from './fund-claims';

/** Net assets equal total assets minus liabilities, in each document that states all three. */
export function balanceSheetCheck(
  fund: FundClaims,
  rules: RulesetPolicy['checks']['balance_sheet'],
): CheckOutcome {
  if (!rules.enabled) return { results: [], exceptions: [] };
  return merge(
    fund.artefacts().map(([, document]) => {
      const [assets, liabilities, net] = [
        'fund.total_assets',
        'fund.total_liabilities',
        'fund.net_assets',
      ].map((metric) => document.latest(metric));
      if (!assets || !liabilities || !net) return { results: [], exceptions: [] };
      const checkId = `balance_sheet:${assets.extractor.id}:${claimArtefactKey(assets).slice(0, 8)}`;
      const evidenceClaimIds = [assets.claimId, liabilities.claimId, net.claimId];
      const amounts = [assets, liabilities, net].map((claim) => numericValue(claim));
      const [total, owed, reported] = amounts;
      if (!total || !owed || !reported || new Set([assets.unit, liabilities.unit, net.unit]).size > 1) {
        const skipped: CheckResult = {
          checkId,
          rule: 'balance_sheet',
          status: 'not_applicable',
          message: 'total assets, liabilities and net assets are not amounts in one currency',
          evidenceClaimIds,
          measures: {},
        };
        return { results: [skipped], exceptions: [] };
      }
      const expected = total.minus(owed);
      const deviation = relativeDifference(reported, expected);
      const tolerance = param(rules.relativeTolerance);
      const passed = deviation.lte(tolerance);
      const result: CheckResult = {
        checkId,
        rule: 'balance_sheet',
        status: passed ? 'passed' : 'failed',
        message: passed
          ? 'net assets equal total assets minus liabilities'
          : `net assets ${reported.toFixed()} differ from total assets minus liabilities ${expected.toFixed()}`,
        evidenceClaimIds,
        measures: measures({
          expected,
          actual: reported,
          relativeDeviation: deviation,
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
                `balance_sheet:${assets.extractor.id}`,
                {},
                deviationRatio(deviation, tolerance),
              ),
            ],
      };
    }),
  );
}
