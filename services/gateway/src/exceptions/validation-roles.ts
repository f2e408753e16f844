import type { Role } from '../security/roles';

/** Validation's names for the gateway's roles; the operations roles mean nothing to it. */
const VALIDATION_ROLE: Partial<
  Record<Role, 'operator' | 'reviewer' | 'owner' | 'administrator' | 'read_only'>
> = {
  operator: 'operator',
  reviewer: 'reviewer',
  owner: 'owner',
  administrator: 'administrator',
  'read-only': 'read_only',
};

/** The verified roles validation decides by (it refuses some actions to some roles itself). */
export function validationRoles(roles: readonly Role[]) {
  return roles.flatMap((role) => VALIDATION_ROLE[role] ?? []);
}
