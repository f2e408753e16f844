import { ACCESS_POLICY, mayCall, type EndpointId } from './access-policy';
import { ROLES, type Role } from './roles';

const ENDPOINTS = Object.keys(ACCESS_POLICY) as EndpointId[];
const READS = ENDPOINTS.filter(
  (endpoint) => /\.(list|read|search|download)$/.test(endpoint) || endpoint === 'reports.list',
);
const WRITES = ENDPOINTS.filter((endpoint) => !READS.includes(endpoint));

/** The matrix as a reviewer reads it: each write endpoint and exactly who may call it. */
const WRITERS: Record<string, readonly Role[]> = {
  'portfolios.register': ['administrator'],
  'portfolios.change': ['administrator'],
  'portfolios.schedule.set': ['administrator'],
  'portfolios.inventory.set': ['administrator'],
  'approval-policy.set': ['administrator'],
  'cycles.open': ['operator'],
  'cycles.rerun': ['operator'],
  'cycles.proceed': ['operator'],
  'artefacts.upload': ['operator'],
  'alerts.acknowledge': ['operator', 'platform-owner', 'incident-owner'],
  'workflow.submit': ['operator', 'reviewer'],
  'workflow.approve': ['reviewer'],
  'workflow.reject': ['reviewer'],
  'reports.publish': ['owner', 'reviewer'],
  'exceptions.act': ['operator', 'reviewer'],
  'policies.activate': ['administrator'],
  'policies.dry-run': ['reviewer', 'administrator'],
};

describe('the access policy', () => {
  it('lists every write endpoint in the reviewed matrix', () => {
    expect(WRITES.sort()).toEqual(Object.keys(WRITERS).sort());
  });

  it.each(Object.entries(WRITERS))('%s: exactly %j may call it', (endpoint, writers) => {
    for (const role of ROLES)
      expect([role, mayCall([role], endpoint as EndpointId)]).toEqual([role, writers.includes(role)]);
  });

  it('lets read-only read reports and dashboards but never run, resolve, approve or configure (acceptance 28)', () => {
    expect(READS.filter((endpoint) => !mayCall(['read-only'], endpoint))).toEqual(['audit.read']);
    expect(WRITES.filter((endpoint) => mayCall(['read-only'], endpoint))).toEqual([]);
  });

  it('lets only administrators change configuration, policies and roles (acceptance 29)', () => {
    const configuration = WRITES.filter(
      (endpoint) => endpoint.startsWith('portfolios.') || endpoint.endsWith('policy.set'),
    );
    for (const endpoint of configuration)
      expect([endpoint, ACCESS_POLICY[endpoint]]).toEqual([endpoint, ['administrator']]);
  });

  it('keeps approval away from operators: separation of duties by role, on top of approval’s own check', () => {
    expect(mayCall(['operator'], 'workflow.approve')).toBe(false);
    expect(mayCall(['operator', 'reviewer'], 'workflow.approve')).toBe(true);
  });

  it('refuses a caller with no known role everywhere', () => {
    expect(ENDPOINTS.filter((endpoint) => mayCall([], endpoint))).toEqual([]);
  });

  it('opens the audit log to accountable and operations roles only', () => {
    expect(ROLES.filter((role) => mayCall([role], 'audit.read'))).toEqual([
      'owner',
      'administrator',
      'platform-owner',
      'incident-owner',
    ]);
  });
});
