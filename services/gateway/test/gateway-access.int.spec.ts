import { Readable } from 'node:stream';
import { FilesystemArtefactStore } from '@fai/artefact-store';
import {
  getExportLogV1,
  getKpiSnapshotV1,
  MemoNotFoundError,
  type GetExportLogReply,
  type GetExportLogRequest,
  type GetKpiSnapshotReply,
} from '@fai/contracts';
import { ident } from '@fai/event-store';
import { natsCommandTransport } from '@fai/messaging';
import { ServiceCommands, route, type CommandServer } from '@fai/service-kit';
import { eventually, NATS_URL } from '@fai/testing';
import { ACCESS_POLICY, mayCall, type EndpointId } from '../src/security/access-policy';
import { ROLES, type Role } from '../src/security/roles';
import { projected, startGatewayWorld, WAIT_MS, type GatewayWorld } from './gateway-world';

/**
 * Every endpoint × every role × in and out of scope, against a gateway on the real PostgreSQL and
 * NATS: a role the policy does not list gets 403 ROLE_FORBIDDEN; a listed role gets through in
 * scope (whatever the owning service then says: no service answers this test's command subjects,
 * so commands end in 503) and 403 OUT_OF_SCOPE out of scope; lists never show what is out of scope.
 */

const TENANT = 'tenant-a';
const IN = {
  portfolio: 'pf-in',
  cycle: 'pf-in-2026-10-adhoc',
  run: 'pf-in-2026-10-adhoc-run-1',
  fund: 'fund-in',
  artefact: 'art-in',
  alert: 'alert-in',
  exception: 'exc-in',
};
const OUT = {
  portfolio: 'pf-out',
  cycle: 'pf-out-2026-10-adhoc',
  run: 'pf-out-2026-10-adhoc-run-1',
  fund: 'fund-out',
  artefact: 'art-out',
  alert: 'alert-out',
  exception: 'exc-out',
};
const OTHER_TENANT_PORTFOLIO = 'pf-elsewhere';
type Ids = typeof IN;

interface Call {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: unknown;
  multipart?: Record<string, string>;
}

const fund = (fundId: string) => ({ fundId, name: fundId, isins: [], shareClasses: [] });

/** How each endpoint is called for a target; lists are called with a filter on the target's portfolio. */
const CALLS: Record<EndpointId, (ids: Ids) => Call> = {
  'me.read': () => ({ method: 'GET', path: '/api/v1/me' }),
  'portfolios.list': () => ({ method: 'GET', path: '/api/v1/portfolios' }),
  'portfolios.read': (ids) => ({ method: 'GET', path: `/api/v1/portfolios/${ids.portfolio}` }),
  'portfolios.register': (ids) => ({
    method: 'POST',
    path: '/api/v1/portfolios',
    body: { portfolioId: ids.portfolio, name: 'New', baseCurrency: 'EUR', funds: [], reason: 'test' },
  }),
  'portfolios.change': (ids) => ({
    method: 'PUT',
    path: `/api/v1/portfolios/${ids.portfolio}`,
    body: { name: 'Renamed', baseCurrency: 'EUR', funds: [fund(ids.fund)], reason: 'test' },
  }),
  'portfolios.schedule.set': (ids) => ({
    method: 'PUT',
    path: `/api/v1/portfolios/${ids.portfolio}/schedule`,
    body: { schedule: {}, reason: 'test' },
  }),
  'portfolios.inventory.set': (ids) => ({
    method: 'PUT',
    path: `/api/v1/portfolios/${ids.portfolio}/expected-inventory`,
    body: { funds: [], reason: 'test' },
  }),
  'approval-policy.set': (ids) => ({
    method: 'PUT',
    path: `/api/v1/portfolios/${ids.portfolio}/approval-policy`,
    body: { approverMayBeOperator: false, approverMayBeSubmitter: false, rationale: 'test' },
  }),
  'funds.search': (ids) => ({ method: 'GET', path: `/api/v1/funds?portfolioId=${ids.portfolio}` }),
  'funds.read': (ids) => ({ method: 'GET', path: `/api/v1/portfolios/${ids.portfolio}/funds/${ids.fund}` }),
  'cycles.list': (ids) => ({ method: 'GET', path: `/api/v1/cycles?portfolioId=${ids.portfolio}` }),
  'cycles.read': (ids) => ({ method: 'GET', path: `/api/v1/cycles/${ids.cycle}` }),
  'cycles.open': (ids) => ({
    method: 'POST',
    path: '/api/v1/cycles',
    body: { portfolioId: ids.portfolio, period: '2026-11', reason: 'test' },
  }),
  'cycles.rerun': (ids) => ({
    method: 'POST',
    path: `/api/v1/cycles/${ids.cycle}/reruns`,
    body: { reason: 'test' },
  }),
  'cycles.proceed': (ids) => ({
    method: 'POST',
    path: `/api/v1/cycles/${ids.cycle}/runs/${ids.run}/proceed-at-cut-off`,
    body: { reason: 'test' },
  }),
  'artefacts.list': (ids) => ({ method: 'GET', path: `/api/v1/artefacts?portfolioId=${ids.portfolio}` }),
  'artefacts.read': (ids) => ({ method: 'GET', path: `/api/v1/artefacts/${ids.artefact}` }),
  'artefacts.download': (ids) => ({ method: 'GET', path: `/api/v1/artefacts/${ids.artefact}/content` }),
  'artefacts.upload': (ids) => ({
    method: 'POST',
    path: '/api/v1/artefacts',
    multipart: { portfolioId: ids.portfolio },
  }),
  'claims.read': (ids) => ({ method: 'GET', path: `/api/v1/cycles/${ids.cycle}/runs/${ids.run}/claims` }),
  'alerts.list': () => ({ method: 'GET', path: '/api/v1/operator-alerts' }),
  'fund-alerts.list': (ids) => ({ method: 'GET', path: `/api/v1/alerts?portfolioId=${ids.portfolio}` }),
  'alerts.acknowledge': (ids) => ({
    method: 'POST',
    path: `/api/v1/operator-alerts/${ids.alert}/acknowledge`,
    body: { note: 'on it' },
  }),
  'workflow.read': (ids) => ({ method: 'GET', path: `/api/v1/cycles/${ids.cycle}/funds/${ids.fund}` }),
  'reviews.read': (ids) => ({
    method: 'GET',
    path: `/api/v1/cycles/${ids.cycle}/runs/${ids.run}/funds/${ids.fund}/review`,
  }),
  'workflow.submit': (ids) => ({
    method: 'POST',
    path: `/api/v1/cycles/${ids.cycle}/funds/${ids.fund}/submit`,
    body: { notes: 'ready' },
  }),
  'workflow.approve': (ids) => ({
    method: 'POST',
    path: `/api/v1/cycles/${ids.cycle}/funds/${ids.fund}/approve`,
    body: { notes: 'ok' },
  }),
  'workflow.reject': (ids) => ({
    method: 'POST',
    path: `/api/v1/cycles/${ids.cycle}/funds/${ids.fund}/reject`,
    body: { notes: 'no' },
  }),
  'reports.list': (ids) => ({ method: 'GET', path: `/api/v1/cycles/${ids.cycle}/funds` }),
  'reports.download': (ids) => ({
    method: 'GET',
    path: `/api/v1/cycles/${ids.cycle}/funds/${ids.fund}/files/memo.html`,
  }),
  'reports.publish': (ids) => ({
    method: 'POST',
    path: `/api/v1/cycles/${ids.cycle}/funds/${ids.fund}/publish`,
    body: { reason: 'test' },
  }),
  'kpis.read': (ids) => ({ method: 'GET', path: `/api/v1/cycles/${ids.cycle}/funds/${ids.fund}/kpis` }),
  'exports.list': (ids) => ({ method: 'GET', path: `/api/v1/cycles/${ids.cycle}/funds/${ids.fund}/exports` }),
  'exceptions.list': (ids) => ({ method: 'GET', path: `/api/v1/exceptions?portfolioId=${ids.portfolio}` }),
  'exceptions.read': (ids) => ({ method: 'GET', path: `/api/v1/exceptions/${ids.exception}` }),
  'exceptions.act': (ids) => ({
    method: 'POST',
    path: `/api/v1/exceptions/${ids.exception}/actions`,
    body: { action: 'assign', assignee: 'reviewer-1' },
  }),
  'policies.list': () => ({ method: 'GET', path: '/api/v1/policies' }),
  'policies.activate': () => ({
    method: 'POST',
    path: '/api/v1/policies/materiality@2/activate',
    body: { rationale: 'calibration' },
  }),
  'policies.dry-run': (ids) => ({
    method: 'POST',
    path: '/api/v1/policies/dry-run',
    body: { portfolioId: ids.portfolio, materialityId: 'materiality@2' },
  }),
  'audit.read': () => ({ method: 'GET', path: '/api/v1/audit-log' }),
};

/** Lists filter by scope instead of refusing: out of scope they answer 200 without the out-of-scope rows. */
const LISTS: EndpointId[] = [
  'portfolios.list',
  'funds.search',
  'cycles.list',
  'artefacts.list',
  'alerts.list',
];
/** Endpoints about the caller alone, or creating what is not there yet: scope is the token's claim. */
const UNSCOPED: EndpointId[] = ['me.read', 'audit.read', 'policies.list', 'policies.activate'];

let world: GatewayWorld;

async function call(
  token: string,
  { method, path, body, multipart }: Call,
): Promise<{ status: number; body: Record<string, unknown> }> {
  let payload: BodyInit | undefined;
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (multipart) {
    const form = new FormData();
    for (const [name, value] of Object.entries(multipart)) form.append(name, value);
    form.append('file', new Blob(['<xml/>'], { type: 'application/xml' }), 'holdings.xml');
    payload = form;
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${world.url}${path}`, { method, headers, body: payload });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function seed(ids: Ids, tenantId: string): Promise<void> {
  const envelope = { portfolioid: ids.portfolio, tenantid: tenantId };
  await world.publish(
    'PortfolioRegistered',
    {
      portfolioId: ids.portfolio,
      tenantId,
      name: ids.portfolio,
      baseCurrency: 'EUR',
      funds: [fund(ids.fund)],
      actor: 'admin-1',
      reason: 'seed',
      at: '2026-10-01T00:00:00.000Z',
    },
    envelope,
  );
  await world.publish(
    'CycleOpened',
    {
      cycleId: ids.cycle,
      portfolioId: ids.portfolio,
      period: '2026-10',
      kind: 'adhoc',
      pinnedPolicyVersions: { rulesetId: 'ruleset@1' },
      cause: { kind: 'operator', actor: 'op-1' },
      at: '2026-11-04T07:00:00.000Z',
    },
    envelope,
  );
  await world.publish(
    'RunStarted',
    {
      cycleId: ids.cycle,
      runId: ids.run,
      runNumber: 1,
      pinnedPolicyVersions: { rulesetId: 'ruleset@1' },
      cause: { kind: 'operator', actor: 'op-1' },
      at: '2026-11-04T07:00:00.000Z',
    },
    { ...envelope, actor: 'op-1' },
  );
  await world.publish(
    'ArtefactIngested',
    {
      artefactId: ids.artefact,
      tenantId,
      portfolioId: ids.portfolio,
      cycleId: ids.cycle,
      runId: ids.run,
      intakeId: '0d4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7',
      sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      version: 1,
      fundId: ids.fund,
      documentType: 'nport',
      period: '2026-10',
      asOf: '2026-10-31',
      identifiers: { isins: [] },
      sourceType: 'upload',
      origin: 'http-upload',
      actor: 'op-1',
      fileName: 'nport.xml',
      mediaType: 'application/xml',
      size: 10,
      retentionClass: 'standard',
      sourcePolicyId: 'sp-1',
      at: '2026-11-04T08:00:00.000Z',
    },
    envelope,
  );
  await world.publish(
    'OperatorAlertRaised',
    {
      alertId: ids.alert,
      kind: 'cycle_stalled',
      severity: 'warning',
      summary: `${ids.cycle} stalled`,
      details: {},
      cycleId: ids.cycle,
      portfolioId: ids.portfolio,
    },
    envelope,
  );
  await world.publish(
    'ExceptionRaised',
    {
      exceptionId: ids.exception,
      portfolioId: ids.portfolio,
      cycleId: ids.cycle,
      runId: ids.run,
      fundId: ids.fund,
      kind: 'missing_field',
      severity: 'medium',
      blocking: false,
      requiresReviewerDecision: false,
      title: 'fund.net_assets missing',
      fingerprint: `${ids.fund}|missing_field|fund.net_assets`,
      evidenceClaimIds: [],
      details: {},
      materiality: {
        policyId: 'materiality@1',
        total: '0.4000',
        severity: 'medium',
        breakdown: { severity: '0.5000', magnitude: '0.5000', confidence: '1.0000', persistence: '0.0000' },
        thresholdCrossed: false,
      },
      slaDueAt: '2026-11-06T10:30:00.000Z',
      at: '2026-11-04T10:30:00.000Z',
    },
    envelope,
  );
  await world.publish(
    'MemoDrafted',
    {
      portfolioId: ids.portfolio,
      cycleId: ids.cycle,
      runId: ids.run,
      fundId: ids.fund,
      memoId: `memo-${ids.fund}`,
      version: 1,
      templateVersion: 'memo@1',
      htmlSha256: '0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
      pdfSha256: '1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a',
      figures: 3,
      at: '2026-11-04T12:00:00.000Z',
    },
    envelope,
  );
}

beforeAll(async () => {
  world = await startGatewayWorld({ FAI_RATE_LIMIT: '100000' });
  await seed(IN, TENANT);
  await seed(OUT, TENANT);
  await seed(
    {
      ...OUT,
      portfolio: OTHER_TENANT_PORTFOLIO,
      cycle: 'pf-elsewhere-c',
      artefact: 'art-elsewhere',
      alert: 'alert-elsewhere',
      exception: 'exc-elsewhere',
    },
    'tenant-b',
  );
  // Events apply in stream order: once the last seeded one is in, all are.
  await projected(world, 'fund_workflow', 'pf-elsewhere-c:fund-out');
}, 90_000);

afterAll(async () => {
  await world?.close();
}, 30_000);

describe('the access matrix', () => {
  it('covers every endpoint of the access policy', () => {
    expect(Object.keys(CALLS).sort()).toEqual(Object.keys(ACCESS_POLICY).sort());
  });

  const cases = (Object.keys(ACCESS_POLICY) as EndpointId[]).flatMap((endpoint) =>
    ROLES.map((role) => [endpoint, role] as const),
  );

  it.each(cases)(
    '%s as %s: allowed in scope, 403 out of scope, 403 for a role not listed',
    async (endpoint, role: Role) => {
      const token = await world.token({
        subject: `user-${role}`,
        roles: [role],
        tenantId: TENANT,
        portfolios: [IN.portfolio],
      });
      const inScope = await call(token, CALLS[endpoint](IN));
      const outOfScope = await call(token, CALLS[endpoint](OUT));
      if (!mayCall([role], endpoint)) {
        expect([inScope.status, inScope.body.code]).toEqual([403, 'ROLE_FORBIDDEN']);
        expect([outOfScope.status, outOfScope.body.code]).toEqual([403, 'ROLE_FORBIDDEN']);
        return;
      }
      expect([inScope.status, inScope.body.code]).not.toEqual(expect.arrayContaining([401]));
      expect(inScope.status === 403 ? inScope.body.code : 'allowed').toBe('allowed');
      if (UNSCOPED.includes(endpoint)) return;
      if (LISTS.includes(endpoint)) {
        expect(outOfScope.status).toBe(200);
        expect(JSON.stringify(outOfScope.body)).not.toMatch(/pf-out|pf-elsewhere/);
        return;
      }
      expect([outOfScope.status, outOfScope.body.code]).toEqual([403, 'OUT_OF_SCOPE']);
    },
  );

  it('never shows another tenant’s portfolio, even to a tenant-wide caller (acceptance 30)', async () => {
    const token = await world.token({
      subject: 'reader',
      roles: ['read-only'],
      tenantId: TENANT,
      portfolios: ['*'],
    });
    const list = await call(token, CALLS['portfolios.list'](IN));
    expect(
      (list.body.items as Array<{ portfolioId: string }>).map((item) => item.portfolioId).sort(),
    ).toEqual([IN.portfolio, OUT.portfolio]);
    const elsewhere = await call(token, {
      method: 'GET',
      path: `/api/v1/portfolios/${OTHER_TENANT_PORTFOLIO}`,
    });
    expect([elsewhere.status, elsewhere.body.code]).toEqual([403, 'OUT_OF_SCOPE']);
    const cycle = await call(token, { method: 'GET', path: '/api/v1/cycles/pf-elsewhere-c' });
    expect([cycle.status, cycle.body.code]).toEqual([403, 'OUT_OF_SCOPE']);
  });

  it('orders a portfolio’s exception queue by materiality, most material first (acceptance 17)', async () => {
    const [seeded] = (
      await world.db.query<{ doc: Record<string, unknown> }>(
        `SELECT doc FROM ${ident(world.schema)}.exception WHERE id = 'exc-in'`,
      )
    ).rows;
    expect(seeded).toBeDefined();
    for (const [exceptionId, total] of [
      ['exc-in-high', '0.9000'],
      ['exc-in-low', '0.1000'],
    ]) {
      const raised: Record<string, unknown> = {
        ...seeded.doc,
        exceptionId,
        fingerprint: exceptionId,
        details: {},
        at: '2026-11-04T11:00:00.000Z',
      };
      await world.publish('ExceptionRaised', {
        ...Object.fromEntries(
          [
            'exceptionId',
            'portfolioId',
            'cycleId',
            'runId',
            'fundId',
            'kind',
            'severity',
            'blocking',
            'requiresReviewerDecision',
            'title',
            'fingerprint',
            'evidenceClaimIds',
            'details',
            'slaDueAt',
            'at',
          ].map((key) => [key, raised[key]]),
        ),
        materiality: {
          policyId: 'materiality@1',
          total,
          severity: 'medium',
          breakdown: { severity: '0.5000', magnitude: '0.5000', confidence: '1.0000', persistence: '0.0000' },
          thresholdCrossed: false,
        },
      });
    }
    await projected(world, 'exception', 'exc-in-low');
    const token = await world.token({
      subject: 'reviewer',
      roles: ['reviewer'],
      tenantId: TENANT,
      portfolios: [IN.portfolio],
    });
    const first = await call(token, {
      method: 'GET',
      path: `/api/v1/exceptions?portfolioId=${IN.portfolio}&limit=2`,
    });
    const rest = await call(token, {
      method: 'GET',
      path: `/api/v1/exceptions?portfolioId=${IN.portfolio}&limit=2&cursor=${String(first.body.nextCursor)}`,
    });
    const queue = [
      ...(first.body.items as Array<{ exceptionId: string }>),
      ...(rest.body.items as Array<{ exceptionId: string }>),
    ];
    expect(queue.map((exception) => exception.exceptionId)).toEqual(['exc-in-high', 'exc-in', 'exc-in-low']);
  });

  it('streams a fund’s memo from reporting’s output store, with its digest', async () => {
    const html = Buffer.from('<html><body>memo of fund-in</body></html>');
    const { sha256 } = await new FilesystemArtefactStore(world.env.FAI_OUTPUT_DIR!).put(
      Readable.from([html]),
      { maxBytes: 1_000_000 },
    );
    await world.publish('MemoDrafted', {
      portfolioId: IN.portfolio,
      cycleId: IN.cycle,
      runId: IN.run,
      fundId: IN.fund,
      memoId: 'memo-fund-in-v2',
      version: 2,
      templateVersion: 'memo@1',
      htmlSha256: sha256,
      pdfSha256: sha256,
      figures: 3,
      at: '2026-11-04T13:00:00.000Z',
    });
    await projected(
      world,
      'fund_workflow',
      `${IN.cycle}:${IN.fund}`,
      (doc) => (doc.memo as { version: number }).version === 2,
    );
    const token = await world.token({
      subject: 'reader',
      roles: ['read-only'],
      tenantId: TENANT,
      portfolios: [IN.portfolio],
    });
    const response = await fetch(`${world.url}/api/v1/cycles/${IN.cycle}/funds/${IN.fund}/files/memo.html`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('repr-digest')).toBe(
      `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`,
    );
    expect(Buffer.from(await response.arrayBuffer())).toEqual(html);
    const missing = await call(token, {
      method: 'GET',
      path: `/api/v1/cycles/${IN.cycle}/funds/${IN.fund}/files/evidence-pack`,
    });
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('pages through the tenant’s cycles with an opaque cursor', async () => {
    const token = await world.token({
      subject: 'reader',
      roles: ['read-only'],
      tenantId: TENANT,
      portfolios: ['*'],
    });
    const first = await call(token, { method: 'GET', path: '/api/v1/cycles?limit=1' });
    const second = await call(token, {
      method: 'GET',
      path: `/api/v1/cycles?limit=1&cursor=${String(first.body.nextCursor)}`,
    });
    const cycles = [
      ...(first.body.items as Array<{ cycleId: string }>),
      ...(second.body.items as Array<{ cycleId: string }>),
    ];
    expect(cycles.map((item) => item.cycleId).sort()).toEqual([IN.cycle, OUT.cycle]);
    expect(second.body.nextCursor).toBeUndefined();
    const invalid = await call(token, { method: 'GET', path: '/api/v1/cycles?cursor=forged' });
    expect([invalid.status, invalid.body.code]).toEqual([400, 'CURSOR_INVALID']);
  });

  it('refuses requests without a valid token with 401 problem+json', async () => {
    const response = await fetch(`${world.url}/api/v1/cycles`, {
      headers: { authorization: 'Bearer not-a-token' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({
      code: 'UNAUTHENTICATED',
      type: 'urn:fai:problem:unauthenticated',
    });
  });

  it('writes every request, allowed or denied, to the append-only audit log', async () => {
    const rows = await eventually(
      'audit entries',
      async () => {
        const { rows: entries } = await world.db.query<{ outcome: string; endpoint: string; actor: string }>(
          `SELECT outcome, endpoint, actor FROM ${ident(world.schema)}.audit_entry WHERE actor = 'user-read-only'`,
        );
        return entries.length >= 2 * Object.keys(ACCESS_POLICY).length ? entries : undefined;
      },
      WAIT_MS,
    );
    expect(rows.filter((row) => row.endpoint === 'cycles.open').map((row) => row.outcome)).toEqual([
      'denied',
      'denied',
    ]);
    await expect(world.db.query(`DELETE FROM ${ident(world.schema)}.audit_entry`)).rejects.toThrow(
      /append-only/,
    );
    const token = await world.token({
      subject: 'auditor',
      roles: ['administrator'],
      tenantId: TENANT,
      portfolios: ['*'],
    });
    const page = await call(token, { method: 'GET', path: '/api/v1/audit-log?actor=user-read-only&limit=5' });
    expect(page.body.items).toHaveLength(5);
    expect(page.body.nextCursor).toEqual(expect.any(String));
  });
});

describe('reporting’s reads through the gateway', () => {
  const snapshot: GetKpiSnapshotReply = {
    ...getKpiSnapshotV1.example.reply,
    cycleId: IN.cycle,
    fundId: IN.fund,
  };
  const entries = [1, 2, 3].map((n) => ({
    ...getExportLogV1.example.reply.entries[0],
    exportId: String(n),
    cycleId: IN.cycle,
    fundId: IN.fund,
  }));
  // The cycle's pinned versions as the seeded CycleOpened names them.
  const PINNED = {
    rulesetId: 'ruleset@1',
    materialityId: null,
    sourcePolicyId: null,
    reportTemplateId: null,
  };
  const asked: GetExportLogRequest[] = [];
  let reporting: CommandServer;
  let token: string;

  // Reporting's side of the queries, on the gateway's command subjects.
  beforeAll(async () => {
    reporting = new ServiceCommands({
      service: 'reporting',
      transport: natsCommandTransport(NATS_URL),
      subjectPrefix: world.commandPrefix,
    }).serve([
      route(getKpiSnapshotV1, async (request) => {
        if (request.fundId !== IN.fund) throw new MemoNotFoundError(request.cycleId, request.fundId);
        return snapshot;
      }),
      route(getExportLogV1, async (request): Promise<GetExportLogReply> => {
        asked.push(request);
        const start = Number(request.cursor ?? 0);
        const page = entries.slice(start, start + request.limit!);
        return start + request.limit! < entries.length
          ? { entries: page, nextCursor: page[page.length - 1].exportId }
          : { entries: page };
      }),
    ]);
    await reporting.start();
    token = await world.token({
      subject: 'reader',
      roles: ['read-only'],
      tenantId: TENANT,
      portfolios: [IN.portfolio],
    });
  });

  afterAll(async () => {
    await reporting?.stop();
  });

  it('answers a fund’s KPI snapshot with the cycle, run, snapshot and policy ids', async () => {
    const response = await call(token, CALLS['kpis.read'](IN));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: snapshot,
      ids: {
        cycleId: IN.cycle,
        runId: snapshot.runId,
        snapshotId: snapshot.memoInputSha256,
        policies: PINNED,
      },
    });
    const missing = await call(token, {
      method: 'GET',
      path: `/api/v1/cycles/${IN.cycle}/funds/fund-never-drafted/kpis`,
    });
    expect([missing.status, missing.body.code]).toEqual([404, 'MEMO_NOT_FOUND']);
  });

  it('pages through a fund’s export log', async () => {
    const first = await call(token, {
      method: 'GET',
      path: `/api/v1/cycles/${IN.cycle}/funds/${IN.fund}/exports?limit=2`,
    });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      items: entries.slice(0, 2),
      nextCursor: '2',
      ids: { cycleId: IN.cycle, policies: PINNED },
    });
    const rest = await call(token, {
      method: 'GET',
      path: `/api/v1/cycles/${IN.cycle}/funds/${IN.fund}/exports?limit=2&cursor=2`,
    });
    expect(rest.body.items).toEqual(entries.slice(2));
    expect(rest.body.nextCursor).toBeUndefined();
    expect(asked).toEqual([
      { cycleId: IN.cycle, fundId: IN.fund, limit: 2 },
      { cycleId: IN.cycle, fundId: IN.fund, limit: 2, cursor: '2' },
    ]);
  });
});
