import { createHash } from 'node:crypto';
import type { Claim } from './claim';

// Fixed namespace for claim ids: changing it would change every claim id ever issued.
const CLAIM_NAMESPACE = '4f1d7c0e-6a8b-4c1e-9d53-2b7f0a9e61c4';

/**
 * Re-extracting the same artefact with the same extractor version yields the same claim ids,
 * so extraction is idempotent end to end.
 */
export function claimId(claim: Omit<Claim, 'claimId'>): string {
  const key = [
    claim.evidence.artefactSha256,
    claim.extractor.id,
    claim.extractor.version,
    claim.metric,
    claim.shareClass ?? '',
    claim.subject ?? '',
    JSON.stringify(claim.evidence.locator),
  ].join('|');
  return uuidV5(key, CLAIM_NAMESPACE);
}

/**
 * RFC 4122 name-based UUID (version 5, SHA-1), identical to `uuid`'s v5. Computed with
 * node:crypto because `uuid` is ESM-only from v12 on and cannot be loaded by Jest's CommonJS runtime on Node 20.
 */
function uuidV5(name: string, namespace: string): string {
  const bytes = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function withClaimId(claim: Omit<Claim, 'claimId'>): Claim {
  return { claimId: claimId(claim), ...claim };
}
