import {
  compareReleases,
  unreleasedSection,
  type Finding,
  type Tree,
} from '../../ops/src/release/release-compare';

const schema = (properties: Record<string, unknown>, required: string[] = []) =>
  JSON.stringify({ data: { type: 'object', additionalProperties: false, required, properties } });
const api = (paths: Record<string, string[]>) =>
  JSON.stringify({
    openapi: '3.0.0',
    paths: Object.fromEntries(
      Object.entries(paths).map(([path, methods]) => [
        path,
        Object.fromEntries(methods.map((method) => [method, {}])),
      ]),
    ),
  });
const id = { type: 'string', minLength: 1 };

const P = 'services/validation/policies/';
const T = 'services/reporting/templates/';
const C = 'libs/contracts/schemas/';
const previous: Tree = new Map([
  [`${C}fai.x.kept.v1.json`, schema({ a: id }, ['a'])],
  [`${C}fai.x.widened.v1.json`, schema({ a: id }, ['a'])],
  [`${C}fai.x.narrowed.v1.json`, schema({ a: id }, ['a'])],
  [`${C}fai.x.dropped.v1.json`, schema({ a: id })],
  ['services/gateway/openapi.json', api({ '/api/v1/cycles': ['get', 'post'], '/api/v1/funds': ['get'] })],
  [`${P}materiality@1.yaml`, 'policyId: materiality@1\ndescription: Pilot defaults.\nfee_bps: "25"\n'],
  [`${P}ruleset@1.yaml`, 'policyId: ruleset@1\n'],
  [`${P}README.md`, '# Policies\n'],
  [`${T}memo@1/memo.hbs`, '<h1>{{title}}</h1>\n'],
]);
const current: Tree = new Map([
  [`${C}fai.x.kept.v1.json`, schema({ a: id }, ['a'])],
  [`${C}fai.x.widened.v1.json`, schema({ a: id, b: id }, ['a'])],
  [`${C}fai.x.narrowed.v1.json`, schema({ a: id, b: id }, ['a', 'b'])],
  [`${C}fai.x.added.v1.json`, schema({ a: id })],
  [
    'services/gateway/openapi.json',
    api({ '/api/v1/cycles': ['get'], '/api/v1/funds': ['get'], '/api/v2/funds': ['get'] }),
  ],
  [`${P}materiality@1.yaml`, 'policyId: materiality@1\ndescription: Pilot defaults.\nfee_bps: "25"\n'],
  [
    `${P}materiality@2.yaml`,
    'policyId: materiality@2\ndescription: Fee threshold lowered after the Q3 review.\nfee_bps: "10"\n',
  ],
  [`${P}ruleset@1.yaml`, 'policyId: ruleset@1\nextra: edited in place\n'],
  [`${P}README.md`, '# Policies, versioned\n'],
  [`${T}memo@1/memo.hbs`, '<h1>{{title}}</h1>\n'],
  [`${T}memo@2/memo.hbs`, '<h1>{{title}}</h1>\n<p>{{approvalStamp}}</p>\n'],
]);
const changelog = `# Changelog

## [Unreleased]
### Policies
- materiality@2: fee threshold 25 → 10 bps (investment committee, Q3 review).

## [0.1.0] - 2026-11-01
- memo@2 mentioned only under an older release
`;

function bySubject(findings: Finding[]): Record<string, Finding> {
  return Object.fromEntries(findings.map((finding) => [finding.subject, finding]));
}

describe('release check', () => {
  const findings = bySubject(compareReleases({ previous, current, changelog: unreleasedSection(changelog) }));

  it('reads only the Unreleased section of the CHANGELOG', () => {
    expect(unreleasedSection(changelog)).toContain('materiality@2');
    expect(unreleasedSection(changelog)).not.toContain('memo@2');
    expect(unreleasedSection('# Changelog\n')).toBe('');
  });

  it('passes unchanged and compatibly changed contracts, and fails narrowed or removed ones', () => {
    expect(findings['fai.x.kept.v1']).toBeUndefined();
    expect(findings['fai.x.widened.v1']).toMatchObject({ verdict: 'ok', message: 'changed compatibly' });
    expect(findings['fai.x.added.v1']).toMatchObject({ verdict: 'ok', message: 'added' });
    expect(findings['fai.x.narrowed.v1']).toMatchObject({
      verdict: 'fail',
      message: expect.stringMatching(/^changed incompatibly without a new version: data \$/),
    });
    expect(findings['fai.x.dropped.v1']).toMatchObject({
      verdict: 'fail',
      message: expect.stringMatching(/^removed/),
    });
  });

  it('fails a removed API operation and lists added ones', () => {
    expect(findings['POST /api/v1/cycles']).toMatchObject({ area: 'api', verdict: 'fail' });
    expect(findings['GET /api/v2/funds']).toMatchObject({ area: 'api', verdict: 'ok' });
    expect(findings['GET /api/v1/funds']).toBeUndefined();
  });

  it('fails a released policy edited in place, with its diff', () => {
    expect(findings['ruleset@1']).toMatchObject({
      verdict: 'fail',
      message: expect.stringContaining('add ruleset@2'),
    });
    expect(findings['ruleset@1'].diff).toContain('+extra: edited in place');
  });

  it('lists a new policy version for review with the rationale and the diff against the version it follows', () => {
    const added = findings['materiality@2'];
    expect(added).toMatchObject({ area: 'versioned', verdict: 'review' });
    expect(added.message).toBe(
      'new version after materiality@1; rationale in CHANGELOG; description: Fee threshold lowered after the Q3 review.',
    );
    expect(added.diff).toContain('-fee_bps: "25"');
    expect(added.diff).toContain('+fee_bps: "10"');
  });

  it('fails a new template version the Unreleased section does not explain, and renders its diff', () => {
    expect(findings['memo@2']).toMatchObject({
      verdict: 'fail',
      message: expect.stringContaining('must name memo@2'),
    });
    expect(findings['memo@2'].diff).toContain('+<p>{{approvalStamp}}</p>');
    expect(findings['memo@2'].diff).toContain('services/reporting/templates/memo@1/memo.hbs');
  });

  it('shows other changed files beside the versioned documents for review', () => {
    expect(findings[`${P}README.md`]).toMatchObject({
      verdict: 'review',
      message: expect.stringMatching(/^changed/),
    });
  });

  it('finds nothing between a release and itself', () => {
    expect(compareReleases({ previous: current, current, changelog: '' })).toEqual([]);
  });
});
