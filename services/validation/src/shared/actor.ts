/** Roles of PRODUCT-SPEC §1; the gateway authenticates and sends them with every command. */
export type Role = 'operator' | 'reviewer' | 'owner' | 'administrator' | 'read_only';

/** Who sends a command, as the gateway verified it. */
export interface Actor {
  userId: string;
  roles: readonly Role[];
}

export function hasRole(actor: Actor, ...roles: readonly Role[]): boolean {
  return roles.some((role) => actor.roles.includes(role));
}

/** Blank text is no rationale. */
export function hasText(text: string | undefined): text is string {
  return text !== undefined && text.trim().length > 0;
}
