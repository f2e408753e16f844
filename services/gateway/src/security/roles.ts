/** The roles a token may carry (PRODUCT-SPEC §1, ARCHITECTURE.md Security). */
export const ROLES = [
  'operator',
  'reviewer',
  'owner',
  'administrator',
  'read-only',
  'platform-owner',
  'incident-owner',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
