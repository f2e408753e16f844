import { claimArtefactKey, type ValidationClaim } from '../claims/validation-claim';
import { numericValue, isPercentUnit, toPercent } from '../claims/claim-values';
import type { RulesetPolicy } from '../policies/policy-types';
import { Dec, HUNDRED, param, parseDecimal, relativeDifference, sum, ZERO } from '../shared/decimal';
import {
  contradiction,
  deviationRatio,
  measures,
  merge,
  type CheckOutcome,
  type CheckResult,
} from './check-result';
import type { FundClaims } from './fund-claims';

type HoldingsRules = RulesetPolicy['checks']['holdings_sum'];

/**
 * Holdings add up to net assets: the weights to ~100 % and the values to the net assets the same
 * document states, within the ruleset's tolerances. Checked per document (its holdings belong to
 * its own net assets). A leveraged fund (liabilities a large share of total assets) may hold more
 * than its net assets, up to its total assets: that is flagged for verification, not a contradiction.
 */
export function holdingsSumCheck(fund: FundClaims, rules: HoldingsRules): CheckOutcome {
  if (!rules.enabled) return { results: [], exceptions: [] };
  return merge(fund.artefacts().map(([, document]) => checkDocument(document, rules)));
}

function checkDocument(document: FundClaims, rules: HoldingsRules): CheckOutcome {
  const weights = document.of('holding.pct_net_assets');
  const values = document.of('holding.value');
  if (weights.length === 0 && values.length === 0) return { results: [], exceptions: [] };
  const netAssets = document.latest('fund.net_assets') ?? singleShareClassNetAssets(document);
  const family = (weights[0] ?? values[0]).extractor.id;
  const checkId = `holdings_sum:${family}:${claimArtefactKey(weights[0] ?? values[0]).slice(0, 8)}`;
  const subject = `holdings_sum:${family}`;
  const percentSum = sum(weights.filter((claim) => isPercentUnit(claim.unit)).map(percentOf));
  const netAmount = netAssets && numericValue(netAssets);
  const sameCurrency = values.filter((claim) => claim.unit === netAssets?.unit);
  const valueSum = sum(sameCurrency.map((claim) => numericValue(claim) ?? ZERO));
  const percentTolerance = param(rules.percentTolerance);
  const valueTolerance = param(rules.valueRelativeTolerance);
  const percentDeviation = weights.length > 0 ? percentSum.minus(HUNDRED).abs() : undefined;
  const valueDeviation =
    netAmount && sameCurrency.length > 0 ? relativeDifference(valueSum, netAmount) : undefined;
  const evidence = [netAssets, ...weights, ...sameCurrency].flatMap((claim) =>
    claim ? [claim.claimId] : [],
  );
  const numbers = measures({
    percentSum: weights.length > 0 ? percentSum : undefined,
    percentTolerance: rules.percentTolerance,
    valueSum: sameCurrency.length > 0 ? valueSum : undefined,
    netAssets: netAmount,
    valueRelativeDeviation: valueDeviation,
    valueRelativeTolerance: rules.valueRelativeTolerance,
  });
  const withinTolerance =
    (percentDeviation === undefined || percentDeviation.lte(percentTolerance)) &&
    (valueDeviation === undefined || valueDeviation.lte(valueTolerance));
  const result = (status: CheckResult['status'], message: string): CheckResult => ({
    checkId,
    rule: 'holdings_sum',
    status,
    message,
    evidenceClaimIds: evidence,
    measures: numbers,
  });
  if (percentDeviation === undefined && valueDeviation === undefined) {
    return {
      results: [result('not_applicable', 'holdings are stated but no net assets in the same currency')],
      exceptions: [],
    };
  }
  if (withinTolerance)
    return { results: [result('passed', 'holdings add up to net assets')], exceptions: [] };

  const gross = leverage(document, rules, netAmount);
  if (
    gross &&
    withinGross(
      percentSum,
      valueSum,
      gross,
      percentTolerance,
      valueTolerance,
      percentDeviation,
      valueDeviation,
    )
  ) {
    const flagged = result(
      'flagged',
      `holdings exceed net assets (${percentSum.toFixed(2)} %); liabilities are ${gross.liabilitiesShare.times(HUNDRED).toFixed(1)} % of total assets (leveraged fund)`,
    );
    const leveraged: CheckResult = {
      ...flagged,
      evidenceClaimIds: [...evidence, ...gross.claimIds],
      measures: { ...flagged.measures, grossPercent: gross.percent.toFixed(4) },
    };
    return {
      results: [leveraged],
      exceptions: [
        {
          kind: 'needs_verification',
          policy: rules.leveraged.exception,
          title: leveraged.message,
          subject,
          checkId,
          evidenceClaimIds: leveraged.evidenceClaimIds,
          details: { rule: 'holdings_sum', ...leveraged.measures },
        },
      ],
    };
  }
  const failed = result(
    'failed',
    `holdings do not add up to net assets (weights ${percentSum.toFixed(4)} %, values ${valueSum.toFixed(2)} vs ${netAmount?.toFixed(2) ?? 'n/a'})`,
  );
  const ratios = [
    percentDeviation && new Dec(deviationRatio(percentDeviation, percentTolerance)),
    valueDeviation && new Dec(deviationRatio(valueDeviation, valueTolerance)),
  ].flatMap((ratio) => (ratio ? [ratio] : []));
  return {
    results: [failed],
    exceptions: [contradiction(failed, rules.exception, subject, {}, Dec.max(...ratios).toFixed(4))],
  };
}

function percentOf(claim: ValidationClaim): Dec {
  return toPercent(parseDecimal(claim.value) ?? ZERO, claim.unit);
}

/** TPT field 5 is the NAV of the portfolio or of its one share class: the holdings belong to it. */
function singleShareClassNetAssets(document: FundClaims): ValidationClaim | undefined {
  const claims = document.of('share_class.net_assets');
  return new Set(claims.map((claim) => claim.shareClass)).size === 1 ? claims[claims.length - 1] : undefined;
}

interface Gross {
  percent: Dec;
  amount: Dec;
  liabilitiesShare: Dec;
  claimIds: string[];
}

function leverage(document: FundClaims, rules: HoldingsRules, netAmount: Dec | undefined): Gross | undefined {
  const totalAssets = document.latest('fund.total_assets');
  const liabilities = document.latest('fund.total_liabilities');
  const total = totalAssets && numericValue(totalAssets);
  const owed = liabilities && numericValue(liabilities);
  if (!total || !owed || !netAmount || total.isZero() || netAmount.isZero()) return undefined;
  const liabilitiesShare = owed.div(total);
  if (liabilitiesShare.lt(param(rules.leveraged.liabilitiesToTotalAssetsAtLeast))) return undefined;
  return {
    percent: total.div(netAmount).times(HUNDRED),
    amount: total,
    liabilitiesShare,
    claimIds: [totalAssets.claimId, liabilities.claimId],
  };
}

function withinGross(
  percentSum: Dec,
  valueSum: Dec,
  gross: Gross,
  percentTolerance: Dec,
  valueTolerance: Dec,
  percentDeviation: Dec | undefined,
  valueDeviation: Dec | undefined,
): boolean {
  const percentOk =
    percentDeviation === undefined ||
    (percentSum.gte(HUNDRED.minus(percentTolerance)) && percentSum.lte(gross.percent.plus(percentTolerance)));
  const valueOk = valueDeviation === undefined || valueSum.lte(gross.amount.times(valueTolerance.plus(1)));
  return percentOk && valueOk;
}
