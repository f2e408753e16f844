import { claimArtefactKey, type ValidationClaim } from '../claims/validation-claim';
import type { FieldGroup } from '../fields/field-group';
import type { ExceptionPolicy, SourcePolicy } from '../policies/policy-types';
import { daysBetween, latestDate } from '../shared/dates';
import { mostSpecific } from '../shared/metric-pattern';
import type { CheckOutcome, CheckResult } from './check-result';

/**
 * A document is as recent as its newest statement: its evidence date is the latest as-of date of
 * any of its claims. (A KIID printed in 2021 quoting the 2011 return is 2021 evidence, not stale.)
 */
export function evidenceDates(claims: readonly ValidationClaim[]): Map<string, string> {
  const dates = new Map<string, string>();
  for (const claim of claims) {
    const key = claimArtefactKey(claim);
    dates.set(key, latestDate([dates.get(key) ?? claim.asOf, claim.asOf]) as string);
  }
  return dates;
}

/** Days of age the source policy allows evidence for the metric. */
export function recencyLimitDays(metric: string, policy: SourcePolicy): number {
  return mostSpecific(metric, policy.recency.metrics) ?? policy.recency.defaultDays;
}

/** Claims whose evidence is older, at the cycle's as-of date, than the source policy allows for their metric. */
export function staleClaimIds(
  claims: readonly ValidationClaim[],
  dates: ReadonlyMap<string, string>,
  asOf: string,
  policy: SourcePolicy,
): Set<string> {
  return new Set(
    claims
      .filter(
        (claim) =>
          daysBetween(dates.get(claimArtefactKey(claim)) ?? claim.asOf, asOf) >
          recencyLimitDays(claim.metric, policy),
      )
      .map((claim) => claim.claimId),
  );
}

/** A field whose every valued claim is stale has no current value: a typed blank `stale` and an exception. */
export function freshnessCheck(
  groups: readonly FieldGroup[],
  stale: ReadonlySet<string>,
  dates: ReadonlyMap<string, string>,
  asOf: string,
  policy: SourcePolicy,
  exception: ExceptionPolicy,
): CheckOutcome {
  const staleGroups = groups.filter((group) => {
    const valued = group.claims.filter((claim) => claim.value !== null);
    return valued.length > 0 && valued.every((claim) => stale.has(claim.claimId));
  });
  const results = staleGroups.map((group): CheckResult => {
    const newest = latestDate(
      group.claims.map((claim) => dates.get(claimArtefactKey(claim)) ?? claim.asOf),
    ) as string;
    const limit = recencyLimitDays(group.metric, policy);
    return {
      checkId: `freshness:${group.key}`,
      rule: 'freshness',
      status: 'failed',
      subject: group.key,
      message: `${group.key}: newest evidence is from ${newest}, ${daysBetween(newest, asOf)} days before ${asOf} (limit ${limit})`,
      evidenceClaimIds: group.claims.map((claim) => claim.claimId),
      measures: {
        evidenceDate: newest,
        ageDays: String(daysBetween(newest, asOf)),
        limitDays: String(limit),
      },
    };
  });
  return {
    results,
    exceptions: results.map((result) => ({
      kind: 'stale_evidence',
      policy: exception,
      title: result.message,
      subject: result.checkId,
      checkId: result.checkId,
      fieldKey: result.subject,
      evidenceClaimIds: result.evidenceClaimIds,
      details: { rule: 'freshness', ...result.measures, sourcePolicyId: policy.policyId },
    })),
  };
}
