import { createHash } from 'node:crypto';

/**
 * Ids derived from what they identify, so replaying a run yields the same ids: `prefix-` and the
 * first 32 hex digits of the sha256 of the parts (unit-separated, so ['a', 'bc'] ≠ ['ab', 'c']).
 */
export function deterministicId(prefix: string, ...parts: readonly string[]): string {
  return `${prefix}-${createHash('sha256').update(parts.join('\u001f')).digest('hex').slice(0, 32)}`;
}
