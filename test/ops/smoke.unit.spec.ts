import {
  alertedPlatformMetrics,
  apiChecks,
  metricsChecks,
  runSmoke,
  smokeOptionsFromArgs,
  summary,
  type HttpAnswer,
} from '../../ops/src/smoke';

const exposition = (names: string[]) =>
  names.map((name) => `# HELP ${name} x\n# TYPE ${name} gauge\n${name} 0\n`).join('');

describe('smoke suite', () => {
  it('reads repeated base URLs, a token and a read path', () => {
    expect(
      smokeOptionsFromArgs(['--base-url', 'http://a:1/', '--base-url', 'https://b', '--token', 't']),
    ).toEqual({
      baseUrls: ['http://a:1', 'https://b'],
      token: 't',
      readPath: '/api/v1/portfolios',
    });
    expect(() => smokeOptionsFromArgs([])).toThrow(expect.objectContaining({ code: 'OPS_CONFIG_INVALID' }));
    expect(() => smokeOptionsFromArgs(['--base-url', 'gateway:3000'])).toThrow(/must be an http\(s\) URL/);
  });

  it('wants the platform metrics the alert rules use', () => {
    expect(alertedPlatformMetrics()).toEqual(
      expect.arrayContaining(['fai_dead_letters_total', 'fai_event_append_seconds']),
    );
    expect(alertedPlatformMetrics()).not.toContain('fai_extraction_outcomes_total');
  });

  it('passes metrics that expose every alerted metric and names the missing ones', () => {
    const ok = metricsChecks('s', { status: 200, body: exposition(['a', 'b', 'c']) }, ['a', 'b']);
    expect(ok.map((check) => check.outcome)).toEqual(['pass', 'pass']);
    const missing = metricsChecks('s', { status: 200, body: exposition(['a']) }, ['a', 'b']);
    expect(missing[1]).toMatchObject({ outcome: 'fail', detail: 'not exposed: b' });
    expect(metricsChecks('s', { status: 503, body: 'down' }, ['a'])).toEqual([
      expect.objectContaining({ outcome: 'fail', detail: '503: down' }),
    ]);
  });

  it('checks the API only where one is served, and a read only with a token', () => {
    const notFound: HttpAnswer = { status: 404, body: '' };
    expect(apiChecks('s', notFound, undefined).map((check) => check.outcome)).toEqual(['skip']);
    expect(apiChecks('g', { status: 401, body: '' }, undefined).map((check) => check.outcome)).toEqual([
      'pass',
      'skip',
    ]);
    expect(
      apiChecks('g', { status: 200, body: '[]' }, { status: 200, body: '[]' }).map((check) => check.outcome),
    ).toEqual(['fail', 'pass']);
  });

  it('runs every check against every URL and counts the outcomes', async () => {
    const alerted = alertedPlatformMetrics();
    const answers: Record<string, HttpAnswer> = {
      'http://svc/health/live': { status: 200, body: 'ok' },
      'http://svc/health/ready': { status: 503, body: '{"error":{"nats":{"status":"down"}}}' },
      'http://svc/metrics': { status: 200, body: exposition(alerted) },
    };
    const seen: Array<[string, Record<string, string>]> = [];
    const results = await runSmoke(
      { baseUrls: ['http://svc', 'http://gone'], token: 'tok', readPath: '/api/v1/me' },
      async (url, headers) => {
        seen.push([url, headers]);
        if (url.startsWith('http://gone')) throw new Error('ECONNREFUSED');
        return answers[url] ?? { status: 404, body: '' };
      },
    );
    expect(results.map((check) => `${check.target} ${check.check} ${check.outcome}`)).toEqual([
      'http://svc live pass',
      'http://svc ready fail',
      'http://svc metrics pass',
      'http://svc alert metrics pass',
      'http://svc api auth skip',
      'http://gone live fail',
      'http://gone ready fail',
      'http://gone metrics fail',
      'http://gone api refuses a request without a token fail',
      'http://gone api read fail',
    ]);
    expect(results[1].detail).toContain('nats');
    expect(seen).toContainEqual(['http://gone/api/v1/me', { authorization: 'Bearer tok' }]);
    expect(summary(results)).toBe('3 passed, 6 failed, 1 skipped');
  });
});
