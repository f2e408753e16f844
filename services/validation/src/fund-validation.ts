import type { ClaimStatus } from '@fai/contracts';
import { balanceSheetCheck } from './checks/balance-sheet.check';
import { merge, type CheckOutcome } from './checks/check-result';
import { completenessCheck, type Completeness } from './checks/completeness.check';
import { crossSourceCheck } from './checks/cross-source.check';
import { evidenceDates, freshnessCheck, staleClaimIds } from './checks/freshness.check';
import { FundClaims } from './checks/fund-claims';
import { holdingsSumCheck } from './checks/holdings-sum.check';
import { netAssetChangeCheck } from './checks/net-asset-change.check';
import { redemptionNoticeCheck } from './checks/redemption-notice.check';
import { returnVsNavCheck } from './checks/return-vs-nav.check';
import { shareClassTotalsCheck } from './checks/share-class-totals.check';
import { sourceAdmissionCheck } from './checks/source-admission.check';
import type { ArtefactFacts, ValidationClaim } from './claims/validation-claim';
import type { Field } from './fields/field';
import { groupByField } from './fields/field-group';
import { settleField } from './fields/settle-fields';
import type { FundSnapshot } from './fields/snapshot';
import type { PinnedPolicies } from './policies/policy-types';
import { compareText } from './shared/ordering';
import { UnknownScopeError } from './validation-errors';

export interface FundChecks extends CheckOutcome {
  completeness: Completeness;
  fields: Field[];
  claimStatuses: Record<string, ClaimStatus>;
  staleClaimIds: ReadonlySet<string>;
}

/**
 * Layer by layer for one fund: admit sources, find stale evidence, settle fields (conflicts stay
 * blank and become contradictions), score completeness, then the consistency checks on the
 * admitted, fresh claims. Every threshold comes from the pinned ruleset and source policy.
 */
export function validateFund(
  fund: { fundId: string; scope: string; claims: readonly ValidationClaim[]; priorSnapshot?: FundSnapshot },
  artefacts: ReadonlyMap<string, ArtefactFacts>,
  asOf: string,
  policies: PinnedPolicies,
): FundChecks {
  const ruleset = policies.ruleset.document;
  const sourcePolicy = policies.sourcePolicy.document;
  const scope = ruleset.scopes[fund.scope];
  if (!scope) throw new UnknownScopeError(fund.fundId, fund.scope, ruleset.policyId);

  const admission = sourceAdmissionCheck(
    fund.claims,
    artefacts,
    sourcePolicy,
    ruleset.unsupportedSource.exception,
  );
  const dates = evidenceDates(fund.claims);
  const stale = staleClaimIds(admission.admitted, dates, asOf, sourcePolicy);
  const groups = groupByField(admission.admitted, ruleset.fields.exclude);
  const freshness = freshnessCheck(groups, stale, dates, asOf, sourcePolicy, ruleset.freshness.exception);
  const settled = groups.map((group) => {
    const fresh = group.claims.filter((claim) => claim.value !== null && !stale.has(claim.claimId));
    const verdict = crossSourceCheck(group, fresh, ruleset.checks.cross_source, sourcePolicy);
    return { verdict, field: settleField(group, stale, verdict, sourcePolicy) };
  });
  const crossSource: CheckOutcome = {
    results: settled.flatMap(({ verdict }) => (verdict.result ? [verdict.result] : [])),
    exceptions: settled.flatMap(({ verdict }) => (verdict.exception ? [verdict.exception] : [])),
  };
  const fields = settled.map(({ field }) => field);
  const fresh = new FundClaims(admission.admitted.filter((claim) => !stale.has(claim.claimId)));
  const completeness = completenessCheck(
    fields,
    scope,
    new FundClaims(groups.flatMap((group) => group.claims)).shareClasses(),
    ruleset.completeness.exception,
  );
  const prior = fund.priorSnapshot?.fields ?? [];
  const outcome = merge([
    admission.outcome,
    freshness,
    crossSource,
    completeness,
    holdingsSumCheck(fresh, ruleset.checks.holdings_sum),
    balanceSheetCheck(fresh, ruleset.checks.balance_sheet),
    returnVsNavCheck(fresh, ruleset.checks.return_vs_nav, prior),
    netAssetChangeCheck(fresh, ruleset.checks.net_asset_change, prior),
    shareClassTotalsCheck(fresh, ruleset.checks.share_class_totals),
    redemptionNoticeCheck(fresh, ruleset.checks.redemption_notice),
  ]);
  const allFields = [...fields, ...completeness.blanks].sort((a, b) => compareText(a.key, b.key));
  return {
    results: outcome.results,
    exceptions: outcome.exceptions,
    completeness: completeness.completeness,
    fields: allFields,
    claimStatuses: claimStatuses(fund.claims, admission.refused, stale, fields),
    staleClaimIds: stale,
  };
}

/** PRODUCT-SPEC §2.3 statuses, from what validation found about each claim. */
function claimStatuses(
  claims: readonly ValidationClaim[],
  refused: readonly ValidationClaim[],
  stale: ReadonlySet<string>,
  fields: readonly Field[],
): Record<string, ClaimStatus> {
  const unsupported = new Set(refused.map((claim) => claim.claimId));
  const conflicted = new Set(
    fields.filter((field) => field.blank === 'conflicted').flatMap((field) => field.claimIds),
  );
  const statusOf = (claim: ValidationClaim): ClaimStatus => {
    if (unsupported.has(claim.claimId)) return 'needs_verification';
    if (claim.value === null) return 'missing';
    if (stale.has(claim.claimId)) return 'stale';
    if (conflicted.has(claim.claimId)) return 'conflicted';
    return 'supported';
  };
  return Object.fromEntries(
    [...claims]
      .sort((a, b) => compareText(a.claimId, b.claimId))
      .map((claim) => [claim.claimId, statusOf(claim)]),
  );
}
