import Decimal from 'decimal.js';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Claim } from '../../claims/claim';
import { ExtractionFailedError } from '../../claims/extraction-errors';
import { createCsvResolver } from '../../claims/locators/csv-resolver';
import { createJsonResolver } from '../../claims/locators/json-resolver';
import {
  extractNavHistory,
  type NavExtractionOptions,
  type NavExtractionResult,
} from './nav-history.extractor';

const REAL_NAV = resolve(__dirname, '../../../../../../shared/fixtures/real/nav');
const ARTEFACT = { sha256: 'nav-history-spec', version: 1 };
const extract = (text: string, options?: NavExtractionOptions) =>
  extractNavHistory(Buffer.from(text), ARTEFACT, options);
const points = (result: NavExtractionResult) => result.claims.map((c) => [c.asOf, c.value]);

async function failureOf(text: string, options?: NavExtractionOptions): Promise<ExtractionFailedError> {
  const error = await extract(text, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExtractionFailedError);
  return error as ExtractionFailedError;
}

/** Every locator must give back the claimed number, compared as decimals, independently of the extractor's reader. */
function expectLocatorsGiveValues(artefact: Buffer, claims: readonly Claim[]): void {
  const isJson = claims[0]?.evidence.locator.kind === 'json';
  const resolveCsv = isJson ? undefined : createCsvResolver(artefact);
  const resolveJson = isJson ? createJsonResolver(artefact) : undefined;
  const mismatches = claims.filter((claim) => {
    const { locator } = claim.evidence;
    const source =
      locator.kind === 'csv'
        ? resolveCsv?.(locator)
        : locator.kind === 'json'
          ? resolveJson?.(locator.pointer)
          : undefined;
    return claim.value === null || source == null || !new Decimal(source).equals(claim.value);
  });
  expect(mismatches).toEqual([]);
}

const realFilesPresent = existsSync(REAL_NAV);
if (!realFilesPresent)
  console.warn(`NAV fixtures not found at ${REAL_NAV}: real-file NAV tests are skipped.`);
const describeReal = realFilesPresent ? describe : describe.skip;

describeReal('nav-history extractor on real NAV files (from shared/fixtures/real/nav)', () => {
  const read = (file: string) => readFileSync(resolve(REAL_NAV, file));

  it('reads the Captor Iris Bond JSON series: 772 points, numbers exactly as written, SEK, ISIN and name from the file', async () => {
    const file = read('captor-iris-bond_SE0009807308_daily_2017-05-29_to_2020-06-26.json');
    const result = await extractNavHistory(file, ARTEFACT);
    expect(result.series).toEqual({
      count: 772,
      distinctDates: 772,
      first: { date: '2017-05-29', value: '100.0' },
      last: { date: '2020-06-26', value: '114.3181' },
      inputOrder: 'oldest-first',
      currency: 'SEK',
      benchmark: null,
    });
    expect(result.claims[0]).toMatchObject({
      fund: { isin: 'SE0009807308', name: 'Captor Iris Bond' },
      metric: 'nav.per_share',
      subject: '2017-05-29',
      unit: 'SEK',
      evidence: { locator: { kind: 'json', pointer: '/values/0' } },
    });
    expect(result.warnings).toEqual([]);
    expectLocatorsGiveValues(file, result.claims);
  });

  it('reads HDFC Equity (headerless DD/MM/YYYY, newest first) oldest first, holidays left as gaps', async () => {
    const file = read('hdfc-equity-fund-growth_daily_1995-01-02_to_2016-06-03.csv');
    const result = await extractNavHistory(file, ARTEFACT, { currency: 'INR' });
    expect(result.series).toEqual({
      count: 5252,
      distinctDates: 5248,
      first: { date: '1995-01-02', value: '9.34' },
      last: { date: '2016-06-03', value: '448.53' },
      inputOrder: 'newest-first',
      currency: 'INR',
      benchmark: null,
    });
    const dates = result.claims.map((c) => c.asOf);
    expect(dates).toEqual([...dates].sort());
    // 2016-05-28/29 is a weekend: nothing is filled in between Friday and Monday.
    expect(dates.filter((d) => d >= '2016-05-27' && d <= '2016-05-30')).toEqual(['2016-05-27', '2016-05-30']);
    expect(result.claims.at(-1)?.evidence.locator).toEqual({ kind: 'csv', row: 1, column: 2 });
    // The file states four dates twice (e.g. 02/11/2006 and 20/07/2006): both rows stay claims.
    expect(result.warnings.map((w) => w.code)).toEqual(['NAV_DUPLICATE_DATES']);
    expectLocatorsGiveValues(file, result.claims);
  });

  it('reads HDFC Liquid: 4,700 points from 2000-10-18 to 2016-06-05, currency unknown unless told', async () => {
    const file = read('hdfc-liquid-fund-growth_daily_2000-10-18_to_2016-06-05.csv');
    const result = await extractNavHistory(file, ARTEFACT);
    expect(result.series).toMatchObject({
      count: 4700,
      first: { date: '2000-10-18', value: '1000.35' },
      last: { date: '2016-06-05', value: '3027.66' },
      inputOrder: 'newest-first',
      currency: 'XXX',
    });
    expect(result.warnings.map((w) => w.code)).toContain('NAV_CURRENCY_UNKNOWN');
    expectLocatorsGiveValues(file, result.claims);
  });
});

describe('nav-history extractor: layouts', () => {
  it('finds named columns in any order and locates the NAV cell', async () => {
    const csv = 'NAV,Comment,Date\n101.50,late,2024-01-03\n101.20,,2024-01-02\n';
    const result = await extract(csv, { currency: 'EUR' });
    expect(points(result)).toEqual([
      ['2024-01-02', '101.20'],
      ['2024-01-03', '101.50'],
    ]);
    expect(result.claims.map((c) => c.evidence.locator)).toEqual([
      { kind: 'csv', row: 3, column: 1 },
      { kind: 'csv', row: 2, column: 1 },
    ]);
    expectLocatorsGiveValues(Buffer.from(csv), result.claims);
  });

  it('claims the benchmark level stated beside each NAV, located in its own column, gaps left as gaps', async () => {
    const csv = [
      'Date,ISIN,Benchmark Close,Close',
      '2024-01-02,US0000000001,4712.50,101.20',
      '2024-01-03,US0000000001,,101.50',
      '2024-01-04,US0000000001,4730.25,101.90',
      '',
    ].join('\n');
    const result = await extract(csv, { currency: 'USD' });
    const benchmark = result.claims.filter((c) => c.metric === 'benchmark.level');
    expect(points({ ...result, claims: result.claims.filter((c) => c.metric === 'nav.per_share') })).toEqual([
      ['2024-01-02', '101.20'],
      ['2024-01-03', '101.50'],
      ['2024-01-04', '101.90'],
    ]);
    expect(benchmark.map((c) => [c.subject, c.value, c.unit])).toEqual([
      ['2024-01-02', '4712.50', 'points'],
      ['2024-01-04', '4730.25', 'points'],
    ]);
    expect(benchmark.map((c) => c.evidence.locator)).toEqual([
      { kind: 'csv', row: 2, column: 3 },
      { kind: 'csv', row: 4, column: 3 },
    ]);
    expect(result.series.benchmark).toEqual({ name: 'Benchmark Close', count: 2 });
    expect(result.warnings).toEqual([]);
    expectLocatorsGiveValues(Buffer.from(csv), result.claims);
  });

  it('warns about benchmark levels that are not numbers and claims none for those dates', async () => {
    const result = await extract('Date,NAV,Index\n2024-01-02,10.1,n.a.x\n2024-01-03,10.2,812.4\n', {
      currency: 'EUR',
    });
    expect(result.claims.filter((c) => c.metric === 'benchmark.level').map((c) => c.value)).toEqual([
      '812.4',
    ]);
    expect(result.warnings.map((w) => w.code)).toEqual(['NAV_BENCHMARK_UNREADABLE_VALUES']);
  });

  it('reads the benchmark with the NAV’s decimal mark, and claims no level that is not positive', async () => {
    const csv =
      'Datum;NAV;Benchmark\n2024-01-02;101,5;4.712,25\n2024-01-03;101,7;0\n2024-01-04;101,9;4.730,5\n';
    const result = await extract(csv, { currency: 'EUR' });
    expect(
      result.claims.filter((c) => c.metric === 'benchmark.level').map((c) => [c.subject, c.value]),
    ).toEqual([
      ['2024-01-02', '4712.25'],
      ['2024-01-04', '4730.5'],
    ]);
    expect(result.warnings.map((w) => w.code)).toEqual(['NAV_BENCHMARK_UNREADABLE_VALUES']);
  });

  it('takes an index column alone as the fund’s own series, and a return column never as a benchmark', async () => {
    const alone = await extract('Date,NAV Index\n2024-01-02,101.5\n', { currency: 'EUR' });
    expect(alone.claims.map((c) => [c.metric, c.value])).toEqual([['nav.per_share', '101.5']]);
    const returns = await extract('Date,NAV,Benchmark return %\n2024-01-02,101.5,-0.4\n', {
      currency: 'EUR',
    });
    expect(returns.claims.map((c) => c.metric)).toEqual(['nav.per_share']);
    expect(returns.series.benchmark).toBeNull();
  });

  it('reads semicolon-separated files with decimal commas and points grouping thousands', async () => {
    const result = await extract('Datum;Kurs\n2024-01-02;1234,5\n2024-01-03;"1.234,75"\n', {
      currency: 'SEK',
    });
    expect(points(result)).toEqual([
      ['2024-01-02', '1234.5'],
      ['2024-01-03', '1234.75'],
    ]);
  });

  it('reads commas grouping thousands when the decimals are points', async () => {
    const result = await extract('Date,NAV\n2024-01-02,"1,234.75"\n2024-01-03,1234.5\n', { currency: 'USD' });
    expect(points(result)).toEqual([
      ['2024-01-02', '1234.75'],
      ['2024-01-03', '1234.5'],
    ]);
  });

  it('refuses to guess whether "1,500" is 1500 or 1.5, and reads the file once told', async () => {
    const csv = 'Date,NAV\n2024-01-02,"1,500"\n2024-01-03,"1,501"\n';
    expect((await failureOf(csv)).code).toBe('EXTRACTION_AMBIGUOUS_DECIMAL_MARK');
    expect(points(await extract(csv, { decimalMark: ',' }))).toEqual([
      ['2024-01-02', '1.500'],
      ['2024-01-03', '1.501'],
    ]);
  });

  it('tells MM/DD/YYYY from the data when a second part is above 12', async () => {
    const result = await extract('01/13/2024,10.1\n01/02/2024,10.0\n');
    expect(points(result)).toEqual([
      ['2024-01-02', '10.0'],
      ['2024-01-13', '10.1'],
    ]);
  });

  it('refuses to guess between DD/MM and MM/DD, and reads the file once told', async () => {
    const csv = '01/02/2024,10.0\n02/03/2024,10.1\n';
    const error = await failureOf(csv);
    expect(error.code).toBe('EXTRACTION_AMBIGUOUS_DATE_FORMAT');
    expect(error.hint).toContain('dateFormat');
    expect(points(await extract(csv, { dateFormat: 'DD/MM/YYYY' }))).toEqual([
      ['2024-02-01', '10.0'],
      ['2024-03-02', '10.1'],
    ]);
  });

  it('reads an array of objects with json pointers to each value', async () => {
    const json = '\uFEFF[{"date":"2024-01-03","nav":10.20},{"date":"2024-01-02","nav":"10.10"}]';
    const result = await extract(json, { currency: 'USD' });
    expect(points(result)).toEqual([
      ['2024-01-02', '10.10'],
      ['2024-01-03', '10.20'],
    ]);
    expect(result.claims.map((c) => c.evidence.locator)).toEqual([
      { kind: 'json', pointer: '/1/nav' },
      { kind: 'json', pointer: '/0/nav' },
    ]);
    expectLocatorsGiveValues(Buffer.from(json), result.claims);
  });

  it('claims a row without a NAV as a typed blank, and reports unreadable values and dates', async () => {
    const result = await extract('Date,NAV\n2024-01-02,\n2024-01-03,abc\nnot a date,10\n2024-01-04,10.3\n', {
      currency: 'EUR',
    });
    expect(result.claims.map((c) => [c.asOf, c.value, c.blank?.kind])).toEqual([
      ['2024-01-02', null, 'missing'],
      ['2024-01-03', null, 'missing'],
      ['2024-01-04', '10.3', undefined],
    ]);
    expect(result.warnings.map((w) => w.code)).toEqual(['NAV_UNREADABLE_ROWS', 'NAV_UNREADABLE_VALUES']);
  });

  it('gives identical claims, ids included, for the same bytes', async () => {
    const csv = '13/06/2016,448.53\n10/06/2016,448.56\n';
    expect(await extract(csv)).toEqual(await extract(csv));
  });
});

describe('nav-history extractor: refused input', () => {
  it.each([
    ['an empty file', '', 'EXTRACTION_EMPTY_ARTEFACT'],
    ['an unclosed quote', 'Date,NAV\n2024-01-02,"10.1\n', 'EXTRACTION_MALFORMED_CSV'],
    ['broken JSON', '{"dates": ["2024-01-02"], "values": [1', 'EXTRACTION_MALFORMED_JSON'],
    ['JSON of another shape', '{"prices": {"2024-01-02": 1}}', 'EXTRACTION_UNSUPPORTED_LAYOUT'],
    [
      'parallel arrays of different lengths',
      '{"dates": ["2024-01-02"], "values": [1, 2]}',
      'EXTRACTION_UNSUPPORTED_LAYOUT',
    ],
    ['a header without a date column', 'Fund,NAV\nA,10\n', 'EXTRACTION_UNSUPPORTED_LAYOUT'],
    ['a date column without a NAV column', 'Date,Comment\n2024-01-02,x\n', 'EXTRACTION_UNSUPPORTED_LAYOUT'],
    ['mixed date formats', '2024-01-02,10\n03/01/2024,11\n', 'EXTRACTION_UNSUPPORTED_LAYOUT'],
  ])('refuses %s', async (_case, text, code) => {
    const error = await failureOf(text);
    expect(error.code).toBe(code);
    expect(error.diagnostics.extractorId).toBe('nav-history');
  });
});
