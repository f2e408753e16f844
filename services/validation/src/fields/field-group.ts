import { claimArtefactKey, fieldKeyOf, type ValidationClaim } from '../claims/validation-claim';
import { byAsOfThenId, compareText } from '../shared/ordering';
import { matchesAny } from '../shared/metric-pattern';
import type { MetricPattern } from '../policies/policy-types';

/** The claims about one field (metric, share class, subject) of one fund. */
export interface FieldGroup {
  key: string;
  metric: string;
  shareClass?: string;
  subject?: string;
  claims: ValidationClaim[];
}

/** Groups the fund's claims by field, leaving out metrics the ruleset keeps out of the profile. */
export function groupByField(
  claims: readonly ValidationClaim[],
  exclude: readonly MetricPattern[],
): FieldGroup[] {
  const groups = new Map<string, FieldGroup>();
  for (const claim of [...claims].sort(byAsOfThenId)) {
    if (matchesAny(claim.metric, exclude)) continue;
    const key = fieldKeyOf(claim);
    const group = groups.get(key);
    if (group) group.claims.push(claim);
    else
      groups.set(key, {
        key,
        metric: claim.metric,
        ...(claim.shareClass !== undefined && { shareClass: claim.shareClass }),
        ...(claim.subject !== undefined && { subject: claim.subject }),
        claims: [claim],
      });
  }
  return [...groups.values()].sort((a, b) => compareText(a.key, b.key));
}

export function distinctArtefacts(claims: readonly ValidationClaim[]): number {
  return new Set(claims.map(claimArtefactKey)).size;
}
