import { createHash } from 'node:crypto';
import type { Claim } from '../claims/claim';

/** An artefact's claims as stored: immutable and addressed by the hash of their JSON. */
export interface ClaimSet {
  sha256: string;
  claims: readonly Claim[];
  claimCount: number;
  byteSize: number;
}

export const CLAIM_SET_LOCATION_PREFIX = 'extraction://claim-sets/';

/**
 * Extractors build claims deterministically (same bytes and extractor version: same claims, same
 * key order), so the JSON of the claims as extracted is their canonical form: re-extracting an
 * artefact gives the same hash, and the hash changes exactly when a claim does.
 */
export function claimSetOf(claims: readonly Claim[]): ClaimSet {
  const json = Buffer.from(JSON.stringify(claims), 'utf8');
  return {
    sha256: createHash('sha256').update(json).digest('hex'),
    claims,
    claimCount: claims.length,
    byteSize: json.length,
  };
}

export function claimSetLocation(sha256: string): string {
  return `${CLAIM_SET_LOCATION_PREFIX}${sha256}`;
}

/** What a claim is about, whatever its value and locator: metric, share class and subject. */
export function claimKey(claim: Pick<Claim, 'metric' | 'shareClass' | 'subject'>): string {
  return JSON.stringify([claim.metric, claim.shareClass ?? null, claim.subject ?? null]);
}
