import type { ClaimView, FundResolutionV1 } from '@fai/contracts';
import type { Claim } from '../claims/claim';
import { referenceKey } from '../fund-resolution/fund-resolution';

/**
 * Below this a reading is not evidence enough on its own. Layout rules give 0.9 to values read
 * from labelled text and 0.8 to values read from graphics (a highlighted risk box): the latter
 * need a person's look. Structured sources (XML, templates, NAV files) read at 1.
 */
export const SUPPORTED_MIN_CONFIDENCE = 0.85;

/**
 * What extraction can say of a claim on its own: the source states a value (`supported`), states
 * nothing (`missing`, a typed blank), or states it where reading is uncertain. `conflicted` and
 * `stale` need other sources and dates: validation sets them. Every claim carries its artefact
 * and locator, so a supported claim always has its evidence.
 */
export function initialClaimStatus(claim: Pick<Claim, 'value' | 'confidence'>): ClaimView['status'] {
  if (claim.value === null) return 'missing';
  return claim.confidence < SUPPORTED_MIN_CONFIDENCE ? 'needs_verification' : 'supported';
}

/** Looks up the canonical fund (and share class) of a claim's fund reference. */
export function fundLookup(resolved: readonly FundResolutionV1[]) {
  const byReference = new Map(resolved.map((r) => [referenceKey(r.reference), r]));
  return (claim: Pick<Claim, 'fund'>) => byReference.get(referenceKey(claim.fund));
}

export function claimView(
  claim: Claim,
  artefactId: string,
  resolution: Pick<FundResolutionV1, 'fundId' | 'shareClassId'> | undefined,
): ClaimView {
  const { claimId, ...said } = claim;
  return {
    claimId,
    artefactId,
    status: initialClaimStatus(claim),
    ...(resolution && { fundId: resolution.fundId }),
    ...(resolution?.shareClassId && { shareClassId: resolution.shareClassId }),
    ...said,
  };
}
