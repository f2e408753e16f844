import type { ClaimView } from '@fai/contracts';
import { artefactFacts, fundInputs, periodEnd, scopeOf } from './run-input';

const claim = (claimId: string, artefactId: string, fundId?: string): ClaimView => ({
  claimId,
  artefactId,
  status: 'supported',
  fund: {},
  ...(fundId !== undefined && { fundId }),
  metric: 'fund.net_assets',
  value: '100',
  unit: 'USD',
  asOf: '2024-06-30',
  evidence: { artefactSha256: 'a'.repeat(64), artefactVersion: 1, locator: { kind: 'xpath', path: '/x' } },
  extractor: { id: 'nport-xml', version: '1.0.0' },
  confidence: 1,
});

describe('a run’s validation input', () => {
  it('reports a period as of its last day', () => {
    expect([periodEnd('2024-02'), periodEnd('2023-02'), periodEnd('2024-06'), periodEnd('2024-12')]).toEqual([
      '2024-02-29',
      '2023-02-28',
      '2024-06-30',
      '2024-12-31',
    ]);
  });

  it('takes the scope of the most complete reporting regime among the fund’s documents', () => {
    expect(scopeOf(['factsheet', 'kiid', 'nport'])).toBe('us_registered_fund');
    expect(scopeOf(['kiid', 'findatex_tpt'])).toBe('solvency_look_through');
    expect(scopeOf(['kiid'])).toBe('ucits_share_class');
    expect(scopeOf(['factsheet'])).toBe('profile_minimum');
  });

  it('judges an online artefact by its host; other sources have no origin', () => {
    expect(
      artefactFacts({
        sha256: 's',
        version: 2,
        sourceType: 'online',
        origin: 'https://www.sec.gov/Archives/x.xml',
      }),
    ).toEqual({ sha256: 's', version: 2, sourceType: 'online', origin: 'www.sec.gov' });
    expect(
      artefactFacts({ sha256: 's', version: 1, sourceType: 'email', origin: 'ir@manager.example' }),
    ).toEqual({
      sha256: 's',
      version: 1,
      sourceType: 'email',
    });
  });

  it('groups claims by canonical fund, leaves unresolved claims out, and keeps funds with only source problems', () => {
    const funds = fundInputs({
      claims: [claim('c1', 'art-n', 'fund-b'), claim('c2', 'art-k', 'fund-a'), claim('c3', 'art-n')],
      documentTypes: new Map([
        ['art-n', 'nport'],
        ['art-k', 'kiid'],
      ]),
      problems: new Map([
        ['fund-c', [{ kind: 'missing_artefact' as const, code: 'ARTEFACT_MISSING', message: 'late' }]],
      ]),
      history: new Map([['fund-b', { priorFindings: [{ fingerprint: 'f', consecutiveCycles: 2 }] }]]),
    });
    expect(funds.map(({ fundId, scope, claims }) => [fundId, scope, claims.map((c) => c.claimId)])).toEqual([
      ['fund-a', 'ucits_share_class', ['c2']],
      ['fund-b', 'us_registered_fund', ['c1']],
      ['fund-c', 'profile_minimum', []],
    ]);
    expect(funds[1].priorFindings).toEqual([{ fingerprint: 'f', consecutiveCycles: 2 }]);
    expect(funds[2].sourceProblems).toHaveLength(1);
  });
});
