import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';

/** sha256 (hex) of the canonical JSON of a value: keys sorted, so equal content gives one digest. */
export function canonicalDigest(value: unknown): string {
  return createHash('sha256')
    .update(stringify(value) ?? '')
    .digest('hex');
}
