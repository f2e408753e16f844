import { ROLES, type Role } from './roles';

/*
 * Who may call what: every endpoint of /api/v1 by its id, with the roles allowed. This is the one
 * place access by role is decided; scope (tenant, portfolio) is checked on top of it for every
 * read and command. Least privilege: a role not listed is refused with 403 ROLE_FORBIDDEN.
 *
 * - read-only reads reports and dashboards and never writes (acceptance 28);
 * - only administrators change configuration, policies and roles (acceptance 29);
 * - operators run cycles and triage; reviewers resolve and approve; owners answer for publication;
 * - platform-owner and incident-owner operate the platform: alerts and the audit trail.
 */

const EVERYONE: readonly Role[] = ROLES;

export const ACCESS_POLICY = {
  'me.read': EVERYONE,

  'portfolios.list': EVERYONE,
  'portfolios.read': EVERYONE,
  'portfolios.register': ['administrator'],
  'portfolios.change': ['administrator'],
  'portfolios.schedule.set': ['administrator'],
  'portfolios.inventory.set': ['administrator'],

  'funds.search': EVERYONE,
  'funds.read': EVERYONE,

  'cycles.list': EVERYONE,
  'cycles.read': EVERYONE,
  'cycles.open': ['operator'],
  'cycles.rerun': ['operator'],
  'cycles.proceed': ['operator'],

  'artefacts.list': EVERYONE,
  'artefacts.read': EVERYONE,
  'artefacts.download': ['operator', 'reviewer', 'owner', 'administrator', 'read-only'],
  'artefacts.upload': ['operator'],

  'claims.read': ['operator', 'reviewer', 'owner', 'administrator', 'read-only'],

  'alerts.list': EVERYONE,
  'fund-alerts.list': ['operator', 'reviewer', 'owner', 'administrator', 'read-only'],
  'alerts.acknowledge': ['operator', 'platform-owner', 'incident-owner'],

  'exceptions.list': ['operator', 'reviewer', 'owner', 'administrator', 'read-only'],
  'exceptions.read': ['operator', 'reviewer', 'owner', 'administrator', 'read-only'],
  // Operators triage (assign, follow up, monitor); validation keeps accept/edit/reject of
  // reviewer-decision exceptions to reviewers.
  'exceptions.act': ['operator', 'reviewer'],

  'policies.list': EVERYONE,
  'policies.activate': ['administrator'],
  'policies.dry-run': ['administrator', 'reviewer'],

  'workflow.read': EVERYONE,
  'reviews.read': ['operator', 'reviewer', 'owner', 'administrator', 'read-only'],
  'workflow.submit': ['operator', 'reviewer'],
  'workflow.approve': ['reviewer'],
  'workflow.reject': ['reviewer'],
  'approval-policy.set': ['administrator'],

  'reports.list': EVERYONE,
  'reports.download': ['operator', 'reviewer', 'owner', 'administrator', 'read-only'],
  'reports.publish': ['owner', 'reviewer'],
  'kpis.read': ['operator', 'reviewer', 'owner', 'administrator', 'read-only'],
  'exports.list': ['operator', 'reviewer', 'owner', 'administrator', 'read-only'],

  'audit.read': ['administrator', 'owner', 'platform-owner', 'incident-owner'],
} as const satisfies Record<string, readonly Role[]>;

export type EndpointId = keyof typeof ACCESS_POLICY;

export function mayCall(roles: readonly Role[], endpoint: EndpointId): boolean {
  const allowed: readonly Role[] = ACCESS_POLICY[endpoint];
  return roles.some((role) => allowed.includes(role));
}
