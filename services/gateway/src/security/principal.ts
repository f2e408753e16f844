import { isRole, type Role } from './roles';

/** The authenticated caller: who, with which roles, in which tenant and portfolios. */
export interface Principal {
  /** The token's `sub`: the actor named in commands and the audit log. */
  subject: string;
  roles: readonly Role[];
  tenantId: string;
  /** The portfolios the caller may see in its tenant; `all` for every one of them. */
  portfolios: readonly string[] | 'all';
}

/** Where the role and scope claims sit in a token. */
export interface ClaimNames {
  roles: string;
  tenant: string;
  portfolios: string;
}

/** The portfolio scope claim's value for every portfolio of the tenant. */
export const ALL_PORTFOLIOS = '*';

/**
 * Reads the principal from verified claims, or says what is missing. Unknown role names are left
 * out (an identity provider may carry roles of other systems); no known role leaves no access.
 */
export function principalFromClaims(
  claims: Record<string, unknown>,
  names: ClaimNames,
): Principal | { problem: string } {
  const subject = claims.sub;
  if (typeof subject !== 'string' || subject.length === 0) return { problem: 'the token has no subject' };
  const tenantId = claims[names.tenant];
  if (typeof tenantId !== 'string' || tenantId.length === 0)
    return { problem: `the token has no tenant claim ${names.tenant}` };
  const roles = stringList(claims[names.roles]).filter(isRole);
  const scope = stringList(claims[names.portfolios]);
  return {
    subject,
    roles,
    tenantId,
    portfolios: scope.includes(ALL_PORTFOLIOS) ? 'all' : scope,
  };
}

/** A claim holding a list: a JSON array of strings or one space-separated string (as `scope` is). */
function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value === 'string') return value.split(' ').filter((item) => item.length > 0);
  return [];
}

/** Whether the principal may see a portfolio of `tenantId`. */
export function inScope(principal: Principal, tenantId: string, portfolioId: string): boolean {
  return (
    principal.tenantId === tenantId &&
    (principal.portfolios === 'all' || principal.portfolios.includes(portfolioId))
  );
}
