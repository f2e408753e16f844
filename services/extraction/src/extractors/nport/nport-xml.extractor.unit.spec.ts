import Decimal from 'decimal.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { Claim } from '../../claims/claim';
import { DOMParser } from '@xmldom/xmldom';
import * as xpath from 'xpath';
import { createXpathResolver, toLocalNameXpath } from '../../claims/locators/xpath-resolver';
import { isKnownMetric, metricDefinition } from '../../claims/metric-vocabulary';
import { extractNport, type NportExtractionResult } from './nport-xml.extractor';

const FIXTURES = resolve(__dirname, '../../../test/fixtures/nport');
const FILES = {
  pimcoLdi: 'pimco-low-duration-income_NPORT-P_2024-06-30.xml',
  pimcoIncome: 'pimco-income-fund_NPORT-P_2026-03-31_TRIMMED.xml',
  spdr: 'spdr-sp500-etf-trust_NPORT-P_2026-03-31_TRIMMED.xml',
  dupree: 'dupree-kentucky-taxfree-short-to-medium_NPORT-P_2022-12-31.xml',
  ast: 'ast-bond-portfolio-2022_NPORT-P_2022-12-30_final.xml',
  infinity: 'infinity-long-short-equity_NPORT-P_2021-12-31.xml',
} as const;
const ARTEFACT = { sha256: 'c60d0d57db3a1d4854183b48e5055ab49a8afed788176fe912826b7fabd42e17', version: 1 };

const bytes = (file: string) => readFileSync(resolve(FIXTURES, file));
const results = new Map<string, Promise<NportExtractionResult>>();
const extracted = (file: string) => {
  if (!results.has(file)) results.set(file, extractNport(bytes(file), ARTEFACT));
  return results.get(file)!;
};

const claimsOf = (result: NportExtractionResult, metric: string) =>
  result.claims.filter((c) => c.metric === metric);
const valueOf = (result: NportExtractionResult, metric: string) => {
  const [claim, ...others] = claimsOf(result, metric);
  expect(others).toHaveLength(0);
  return claim?.value;
};
const holdingCount = (result: NportExtractionResult) =>
  new Set(result.claims.filter((c) => c.subject).map((c) => c.subject)).size;
const returns = (result: NportExtractionResult) =>
  claimsOf(result, 'share_class.monthly_return').map((c) => ({
    shareClass: c.shareClass,
    asOf: c.asOf,
    value: c.value,
  }));

/** The locator must give back what the claim says, compared without the extractor's own reader. */
function expectLocatorGivesValue(resolveXpath: (path: string) => string | null, claim: Claim): void {
  if (claim.evidence.locator.kind !== 'xpath')
    throw new Error(`unexpected locator ${claim.evidence.locator.kind}`);
  const source = resolveXpath(claim.evidence.locator.path);
  if (claim.value === null) {
    expect(
      [null, '', 'N/A', 'XXXX'].some(
        (blank) => (source?.trim() ?? null) === blank || /^X{4,}$/.test(source?.trim() ?? ''),
      ),
    ).toBe(true);
    return;
  }
  expect(source).not.toBeNull();
  if (metricDefinition(claim.metric)?.valueType === 'decimal') {
    expect(new Decimal(source!.trim()).equals(claim.value)).toBe(true);
  } else {
    expect(source!.trim()).toBe(claim.value);
  }
}

describe('nport-xml extractor on real EDGAR filings', () => {
  it('reads PIMCO Low Duration Income: fund totals, 2,265 holdings, 6 share classes', async () => {
    const result = await extracted(FILES.pimcoLdi);
    expect(valueOf(result, 'fund.total_assets')).toBe('22866256845.220000');
    expect(valueOf(result, 'fund.total_liabilities')).toBe('12758148873.030000');
    expect(valueOf(result, 'fund.net_assets')).toBe('10108107972.190000');
    expect(valueOf(result, 'fund.series_id')).toBe('S000009677');
    expect(valueOf(result, 'fund.name')).toBe('PIMCO Low Duration Income Fund');
    expect(valueOf(result, 'fund.fiscal_year_end')).toBe('2025-03-31');
    expect(valueOf(result, 'filing.report_date')).toBe('2024-06-30');
    expect(result.filing).toEqual({
      submissionType: 'NPORT-P',
      isAmendment: false,
      isFinalFiling: false,
      reportDate: '2024-06-30',
      holdingElements: 2265,
    });
    expect(holdingCount(result)).toBe(2265);
    expect(claimsOf(result, 'holding.value')).toHaveLength(2265);
    expect(claimsOf(result, 'holding.maturity_date')).toHaveLength(1375);
    expect(claimsOf(result, 'holding.derivative_category')).toHaveLength(866);
    expect(result.claims[0].fund).toEqual({
      seriesId: 'S000009677',
      lei: 'SVLFVAGUHS15GPUL9Z39',
      cik: '0000810893',
      name: 'PIMCO Low Duration Income Fund',
    });
    expect(new Set(claimsOf(result, 'share_class.monthly_return').map((c) => c.shareClass)).size).toBe(6);
    expect(returns(result).slice(0, 3)).toEqual([
      { shareClass: 'C000026513', asOf: '2024-04-30', value: '-0.626342' },
      { shareClass: 'C000026513', asOf: '2024-05-31', value: '1.385246' },
      { shareClass: 'C000026513', asOf: '2024-06-30', value: '0.316230' },
    ]);
    expect(claimsOf(result, 'fund.flow.sales').map((c) => [c.asOf, c.value, c.unit])).toEqual([
      ['2024-04-30', '504120775.080000', 'USD'],
      ['2024-05-31', '384982214.820000', 'USD'],
      ['2024-06-30', '371208716.410000', 'USD'],
    ]);
    expect(result.coverage).toEqual({ expected: 14, found: 14, missing: [] });
  });

  it('locates PIMCO holdings exactly: a bond, a swap with conditional currency and issuer, and the 17th position', async () => {
    const result = await extracted(FILES.pimcoLdi);
    const holding = (position: number) =>
      result.claims.filter(
        (c) =>
          c.evidence.locator.kind === 'xpath' &&
          c.evidence.locator.path.includes(`/invstOrSec[${position}]/`),
      );
    const fields = (position: number) =>
      Object.fromEntries(holding(position).map((c) => [c.metric, c.value]));

    expect(fields(1)).toMatchObject({
      'holding.issuer_name': 'VENTURE GLOBAL LNG INC',
      'holding.issuer_lei': '54930011XLBUWMQUC829',
      'holding.cusip': '92332YAB7',
      'holding.isin': 'US92332YAB74',
      'holding.balance': '3100000.000000',
      'holding.balance_units': 'PA',
      'holding.currency': 'USD',
      'holding.value': '3217725.600000',
      'holding.pct_net_assets': '0.0318331',
      'holding.asset_category': 'DBT',
      'holding.issuer_category': 'CORP',
      'holding.country': 'US',
      'holding.maturity_date': '2031-06-01',
      'holding.coupon_kind': 'Fixed',
      'holding.coupon_rate': '8.375',
    });
    expect(holding(1).every((c) => c.subject === 'isin:US92332YAB74' && c.asOf === '2024-06-30')).toBe(true);
    expect(holding(1).find((c) => c.metric === 'holding.balance')?.unit).toBe('USD');

    const swap = holding(3);
    expect(fields(3)).toMatchObject({
      'holding.currency': 'MXN',
      'holding.issuer_category': 'OTHER',
      'holding.asset_category': 'DIR',
      'holding.derivative_category': 'SWP',
      'holding.issuer_name': null,
    });
    expect(swap.find((c) => c.metric === 'holding.issuer_name')?.blank).toEqual({
      kind: 'missing',
      reason: 'the filing states N/A',
    });
    expect(swap.find((c) => c.metric === 'holding.currency')?.evidence.locator).toEqual({
      kind: 'xpath',
      path: '/edgarSubmission/formData/invstOrSecs/invstOrSec[3]/currencyConditional/@curCd',
    });
    expect(swap.find((c) => c.metric === 'holding.balance')?.unit).toBe('count');

    expect(holding(17).find((c) => c.metric === 'holding.value')).toMatchObject({
      value: '10176.110000',
      unit: 'USD',
      evidence: {
        locator: { kind: 'xpath', path: '/edgarSubmission/formData/invstOrSecs/invstOrSec[17]/valUSD' },
      },
    });
    expect(fields(17)['holding.derivative_category']).toBe('FWD');
  });

  it('gives every PIMCO holding one subject, distinct from every other holding', async () => {
    const result = await extracted(FILES.pimcoLdi);
    const subjectsByPosition = new Map<string, Set<string>>();
    for (const claim of result.claims) {
      if (claim.evidence.locator.kind !== 'xpath' || !claim.subject) continue;
      const position = /invstOrSec\[(\d+)\]/.exec(claim.evidence.locator.path)![1];
      subjectsByPosition.set(position, (subjectsByPosition.get(position) ?? new Set()).add(claim.subject));
    }
    expect([...subjectsByPosition.values()].filter((subjects) => subjects.size !== 1)).toEqual([]);
    expect(new Set([...subjectsByPosition.values()].flatMap((subjects) => [...subjects])).size).toBe(2265);
  });

  it('warns that PIMCO holdings add up to 157 % of net assets (leverage), without failing', async () => {
    const result = await extracted(FILES.pimcoLdi);
    expect(result.warnings).toEqual([
      { code: 'NPORT_PCT_SUM_OFF', message: expect.stringContaining('157.38 %') },
    ]);
  });

  it('reads Dupree despite the blank line before the XML declaration: 55 muni holdings, one class', async () => {
    const file = bytes(FILES.dupree);
    expect(file.subarray(0, 6).toString()).toBe('\n<?xml');
    const result = await extracted(FILES.dupree);
    expect(holdingCount(result)).toBe(55);
    expect(valueOf(result, 'fund.net_assets')).toBe('41349926.010000000000');
    expect(valueOf(result, 'fund.name')).toBe('Kentucky Tax-Free Short-to-Medium Series');
    // The filing writes "-.05" and ".15".
    expect(returns(result)).toEqual([
      { shareClass: 'C000032728', asOf: '2022-10-31', value: '-0.05' },
      { shareClass: 'C000032728', asOf: '2022-11-30', value: '2.15' },
      { shareClass: 'C000032728', asOf: '2022-12-31', value: '0.15' },
    ]);
    expect(claimsOf(result, 'fund.flow.redemption').map((c) => c.value)).toEqual([
      '681940.53',
      '1069086.08',
      '1787701.76',
    ]);
  });

  it('reads the AST final filing of a liquidated portfolio: zero holdings, no false alarm', async () => {
    const result = await extracted(FILES.ast);
    expect(result.filing).toMatchObject({
      isFinalFiling: true,
      holdingElements: 0,
      reportDate: '2022-12-30',
    });
    expect(valueOf(result, 'filing.final_filing')).toBe('Y');
    expect(valueOf(result, 'fund.net_assets')).toBe('1389080.74');
    expect(holdingCount(result)).toBe(0);
    expect(returns(result).map((r) => [r.shareClass, r.asOf, r.value])).toEqual([
      ['C000095824', '2022-10-31', '0.34000000'],
      ['C000095824', '2022-11-30', '1.02000000'],
      ['C000095824', '2022-12-30', '0.13000000'],
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('reads Infinity without an invstOrSecs block: returns without class id and negative redemptions', async () => {
    const result = await extracted(FILES.infinity);
    expect(holdingCount(result)).toBe(0);
    expect(returns(result)).toEqual([
      { shareClass: undefined, asOf: '2021-10-31', value: '0.7076150997809' },
      { shareClass: undefined, asOf: '2021-11-30', value: '-0.5517067075094' },
      { shareClass: undefined, asOf: '2021-12-31', value: '-0.3017850186768' },
    ]);
    expect(claimsOf(result, 'fund.flow.redemption').map((c) => c.value)).toEqual([
      '-4543543.49',
      '0',
      '0.00',
    ]);
    expect(result.coverage).toEqual({ expected: 14, found: 13, missing: ['fund.series_id'] });
    expect(claimsOf(result, 'fund.series_id')[0]).toMatchObject({
      value: null,
      blank: { kind: 'missing', reason: 'the filing does not contain this element' },
      evidence: { locator: { kind: 'xpath', path: '/edgarSubmission/formData/genInfo/seriesId' } },
    });
    expect(result.warnings).toEqual([]);
  });

  it('reads the trimmed PIMCO Income header and fund level: 7 share classes', async () => {
    const result = await extracted(FILES.pimcoIncome);
    expect(valueOf(result, 'fund.series_id')).toBe('S000016548');
    expect(valueOf(result, 'fund.lei')).toBe('XSQUIHC65X62JACTUZ45');
    expect(valueOf(result, 'fund.total_assets')).toBe('570770528653.720000');
    expect(valueOf(result, 'fund.net_assets')).toBe('224789032259.550000');
    expect(new Set(returns(result).map((r) => r.shareClass))).toEqual(
      new Set([
        'C000046103',
        'C000046098',
        'C000046099',
        'C000064169',
        'C000200460',
        'C000046101',
        'C000046102',
      ]),
    );
    expect(returns(result).find((r) => r.shareClass === 'C000046102' && r.asOf === '2026-03-31')?.value).toBe(
      '-2.449459',
    );
    expect(claimsOf(result, 'fund.flow.reinvestment')[2].value).toBe('893749099.270000');
    expect(holdingCount(result)).toBe(12);
  });

  it('reads the trimmed SPDR header: seriesName N/A is a typed blank and the registrant names the fund', async () => {
    const result = await extracted(FILES.spdr);
    expect(claimsOf(result, 'fund.name')[0]).toMatchObject({
      value: null,
      blank: { kind: 'missing', reason: 'the filing states N/A' },
    });
    expect(valueOf(result, 'fund.registrant_name')).toBe('State Street(R) SPDR(R) S&P 500(R) ETF Trust');
    expect(result.claims[0].fund).toEqual({
      lei: '549300NZAMSJ8FXPQQ63',
      cik: '0000884394',
      name: 'State Street(R) SPDR(R) S&P 500(R) ETF Trust',
    });
    expect(valueOf(result, 'fund.net_assets')).toBe('651588269947.59');
    expect(returns(result).map((r) => r.value)).toEqual(['1.44000000', '-0.77000000', '-4.97000000']);
    expect(holdingCount(result)).toBe(8);
    expect(result.coverage.missing).toEqual(['fund.series_id', 'fund.name']);
  });

  it.each(Object.values(FILES).filter((f) => f !== FILES.pimcoLdi))(
    'resolves every claim locator of %s back to its value',
    async (file) => {
      const result = await extracted(file);
      const resolveXpath = createXpathResolver(bytes(file));
      for (const claim of result.claims) expectLocatorGivesValue(resolveXpath, claim);
    },
  );

  it('writes locators a standard XPath engine resolves to the same nodes (PIMCO Income, every claim)', async () => {
    const result = await extracted(FILES.pimcoIncome);
    const text = bytes(FILES.pimcoIncome).toString('utf8');
    const document = new DOMParser().parseFromString(text, 'text/xml') as unknown as Node;
    const resolveXpath = createXpathResolver(text);
    for (const claim of result.claims) {
      if (claim.evidence.locator.kind !== 'xpath') continue;
      const nodes = xpath.select(toLocalNameXpath(claim.evidence.locator.path), document) as Node[];
      expect(nodes.length).toBeLessThanOrEqual(1);
      expect(nodes[0]?.textContent ?? null).toBe(resolveXpath(claim.evidence.locator.path));
    }
  });

  it('resolves every fund-level PIMCO locator and a deterministic sample of ~300 holding locators', async () => {
    const result = await extracted(FILES.pimcoLdi);
    const resolveXpath = createXpathResolver(bytes(FILES.pimcoLdi));
    const step = Math.ceil(result.claims.length / 300);
    const sample = result.claims.filter((claim, index) => !claim.subject || index % step === 0);
    expect(sample.filter((claim) => claim.subject).length).toBeGreaterThanOrEqual(290);
    for (const claim of sample) expectLocatorGivesValue(resolveXpath, claim);
  });

  it('uses only vocabulary metrics, unique claim ids, and gives identical claims for the same bytes', async () => {
    const first = await extracted(FILES.dupree);
    const again = await extractNport(bytes(FILES.dupree), ARTEFACT);
    expect(again).toEqual(first);
    expect(first.claims.every((c) => isKnownMetric(c.metric))).toBe(true);
    expect(new Set(first.claims.map((c) => c.claimId)).size).toBe(first.claims.length);
  });

  it('reads a stream in 13-byte chunks exactly as it reads a buffer', async () => {
    const file = bytes(FILES.dupree);
    const chunks = Array.from({ length: Math.ceil(file.length / 13) }, (_, i) =>
      file.subarray(i * 13, i * 13 + 13),
    );
    expect(await extractNport(Readable.from(chunks), ARTEFACT)).toEqual(await extracted(FILES.dupree));
  });
});
