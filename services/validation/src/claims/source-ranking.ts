import type { SourcePolicy } from '../policies/policy-types';
import { compareText } from '../shared/ordering';
import type { ValidationClaim } from './validation-claim';

/**
 * The order in which the source policy suggests claims when sources disagree: better-ranked
 * document family first, then the more recent, then the more confident; claim id last so the
 * order is total.
 */
export function rankClaims(claims: readonly ValidationClaim[], policy: SourcePolicy): ValidationClaim[] {
  return [...claims].sort(
    (a, b) =>
      rankOf(a, policy) - rankOf(b, policy) ||
      compareText(b.asOf, a.asOf) ||
      b.confidence - a.confidence ||
      compareText(a.claimId, b.claimId),
  );
}

export function rankOf(claim: ValidationClaim, policy: SourcePolicy): number {
  return (
    policy.sources.find((source) => source.extractor === claim.extractor.id)?.rank ?? Number.MAX_SAFE_INTEGER
  );
}

export function isPrimarySource(claim: ValidationClaim, policy: SourcePolicy): boolean {
  return policy.sources.find((source) => source.extractor === claim.extractor.id)?.primary ?? false;
}
