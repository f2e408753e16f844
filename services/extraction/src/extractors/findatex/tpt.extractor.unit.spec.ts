import ExcelJS from 'exceljs';
import { parse as parseLossless, stringify as stringifyLossless } from 'lossless-json';
import type { Claim } from '../../claims/claim';
import { ExtractionFailedError } from '../../claims/extraction-errors';
import { createCellResolver } from '../../claims/locators/cell-resolver';
import { createCsvResolver } from '../../claims/locators/csv-resolver';
import { createJsonResolver, jsonScalarText } from '../../claims/locators/json-resolver';
import { isKnownMetric } from '../../claims/metric-vocabulary';
import { describeWithRealFixtures, expectSourceGivesValue, readRealFixture } from './fixture-support.spec';
import { extractTpt, type TptExtractionResult } from './tpt.extractor';

const TPT_DIR = 'findatex/tpt';
const FILES = {
  dahlia: `${TPT_DIR}/captor-dahlia-green-bond-A_SE0011337179_TPTV6_2025-08-29.json`,
  scilla: `${TPT_DIR}/captor-scilla-global-equity-C_SE0011670843_TPTV6_2025-08-29.json`,
  aster: `${TPT_DIR}/captor-aster-global-high-yield-C_SE0017832280_TPTV6_2025-08-29.json`,
  perenne: `${TPT_DIR}/captor-perenne-short-term-bond-C_SE0020552628_TPTV6_2025-08-29.json`,
} as const;
const ARTEFACT = { sha256: '7a0c5e2f9d1b4c3a8e6f0d2b1a9c8e7f6d5c4b3a2918f7e6d5c4b3a291807f6e', version: 1 };

const portfolioClaim = (result: TptExtractionResult, metric: string): Claim => {
  const claims = result.claims.filter((c) => c.metric === metric && c.subject === undefined);
  expect(claims).toHaveLength(1);
  return claims[0];
};
const positions = (result: TptExtractionResult) =>
  new Set(result.claims.filter((c) => c.metric === 'holding.value').map((c) => c.subject)).size;

describeWithRealFixtures('findatex-tpt on the real Captor TPT V6 files', Object.values(FILES), () => {
  const results = new Map<string, Promise<TptExtractionResult>>();
  const extracted = (file: string) => {
    if (!results.has(file)) results.set(file, extractTpt(readRealFixture(file), ARTEFACT));
    return results.get(file)!;
  };

  it('claims Dahlia A portfolio fields once, as stated, at the first row that states them', async () => {
    const result = await extracted(FILES.dahlia);
    const nav = portfolioClaim(result, 'share_class.net_assets');
    expect(nav).toMatchObject({
      value: '2988250.1302126907',
      unit: 'SEK',
      asOf: '2025-08-29',
      fund: { isin: 'SE0011337179', name: 'Captor Dahlia Green Bond A' },
      shareClass: 'SE0011337179',
      confidence: 1,
      evidence: {
        locator: {
          kind: 'json',
          pointer: '/0/5_Net_asset_valuation_of_the_portfolio_or_the_share_class_in_portfolio_currency',
        },
      },
    });
    expect(portfolioClaim(result, 'nav.per_share')).toMatchObject({ value: '297.2795', unit: 'SEK' });
    expect(portfolioClaim(result, 'share_class.isin').value).toBe('SE0011337179');
    expect(portfolioClaim(result, 'fund.cash_ratio')).toMatchObject({
      value: '0.01838030020517466',
      unit: 'ratio',
    });
    expect(portfolioClaim(result, 'fund.modified_duration').value).toBe('3.4084937625428435');
    expect(portfolioClaim(result, 'filing.report_date').value).toBe('2025-08-29');
    expect(portfolioClaim(result, 'document.production_date').value).toBe('2025-09-05');
    expect(result.template).toEqual({ name: 'TPT', version: 'V6' });
  });

  it('claims each position with its instrument code as subject', async () => {
    const result = await extracted(FILES.dahlia);
    const first = result.claims.filter((c) => c.subject === 'NO0013138982');
    expect(Object.fromEntries(first.map((c) => [c.metric, c.value]))).toMatchObject({
      'holding.cic': 'NO21',
      'holding.isin': 'NO0013138982',
      'holding.title': 'AGDERE Float 02/05/29',
      'holding.value': '49265.58161718708',
      'holding.pct_net_assets': '0.016486431680898337',
      'holding.maturity_date': '2029-02-05',
      'holding.coupon_rate': '5.220000000000001',
    });
    expect(first.find((c) => c.metric === 'holding.value')?.unit).toBe('SEK');
    expect(first.find((c) => c.metric === 'holding.balance')?.unit).toBe('NOK');
    // Cash accounts carry an internal code (type 99), not an ISIN.
    expect(
      result.claims.find(
        (c) => c.subject === 'Trading Bank Account EUR' && c.metric === 'holding.instrument_id',
      )?.value,
    ).toBe('Trading Bank Account EUR');
  });

  it.each([
    ['dahlia', 85],
    ['scilla', 231],
    ['aster', 30],
    ['perenne', 51],
  ] as const)('finds every position of %s (%i)', async (name, count) => {
    const result = await extracted(FILES[name]);
    expect(result.portfolio.positions).toBe(count);
    expect(positions(result)).toBe(count);
  });

  it('states full coverage, except the one Scilla position (an equity swap) whose CIC is empty', async () => {
    for (const name of ['dahlia', 'aster', 'perenne'] as const) {
      const { coverage } = await extracted(FILES[name]);
      expect(coverage.found).toBe(coverage.expected);
    }
    const scilla = await extracted(FILES.scilla);
    expect(scilla.coverage).toMatchObject({ expected: scilla.coverage.found + 1, missing: ['holding.cic'] });
    expect(scilla.warnings).toContainEqual({
      code: 'FINDATEX_EXPECTED_FIELD_EMPTY',
      message: 'Field 12 (holding.cic) is empty in 1 of 231 rows.',
    });
    const swap = scilla.claims.find(
      (c) => c.metric === 'holding.cic' && c.subject === 'EQ_SWAP_GBP_2025-03-05_2025-09-05',
    );
    expect(swap).toMatchObject({ value: null, blank: { kind: 'missing', reason: 'the field is empty' } });
  });

  it('sums the weights exactly: Dahlia sums to 1 within rounding, with no warning', async () => {
    const result = await extracted(FILES.dahlia);
    expect(result.portfolio.weightSum).toBe('0.9999999999999998827942706');
    expect(result.portfolio.marketValueSum).toBe('2988250.130212690303805868');
    expect(result.warnings).toEqual([]);
  });

  it('reports that Perenne market values exceed its NAV by 10.82 SEK, and keeps the NAV as stated', async () => {
    const result = await extracted(FILES.perenne);
    expect(portfolioClaim(result, 'share_class.net_assets').value).toBe('528291.2018228959');
    expect(result.portfolio.marketValueSum).toBe('528302.026518229274279742');
    const warnings = result.warnings.filter((w) => w.code === 'TPT_MARKET_VALUES_DIFFER_FROM_NAV');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toContain('+10.824695333374279742 SEK');
    expect(result.warnings.map((w) => w.code)).toEqual(['TPT_MARKET_VALUES_DIFFER_FROM_NAV']);
  });

  it('resolves every claim of every file back to its value, with known metric keys', async () => {
    for (const file of Object.values(FILES)) {
      const bytes = readRealFixture(file);
      const resolve = createJsonResolver(bytes);
      const result = await extracted(file);
      for (const claim of result.claims) {
        expect(isKnownMetric(claim.metric)).toBe(true);
        if (claim.evidence.locator.kind !== 'json') throw new Error('expected a json locator');
        expectSourceGivesValue(resolve(claim.evidence.locator.pointer), claim);
      }
    }
  });

  it('is deterministic: the same bytes give the same claims and ids', async () => {
    const again = await extractTpt(readRealFixture(FILES.aster), ARTEFACT);
    expect(again.claims).toEqual((await extracted(FILES.aster)).claims);
  });

  it('reads the same TPT as CSV and XLSX in the official layout, with locators into each', async () => {
    const rows = parseLossless(readRealFixture(FILES.dahlia).toString('utf8')) as Array<
      Record<string, unknown>
    >;
    const fields = Object.keys(rows[0]);
    const csv = toCsv(fields, rows);
    const fromJson = await extracted(FILES.dahlia);
    const fromCsv = await extractTpt(csv, ARTEFACT);
    const xlsx = await toXlsx(fields, rows);
    const fromXlsx = await extractTpt(xlsx, ARTEFACT);
    const summary = (r: TptExtractionResult) => r.claims.map((c) => [c.metric, c.subject, c.value, c.unit]);
    expect(summary(fromCsv)).toEqual(summary(fromJson));
    expect(summary(fromXlsx)).toEqual(summary(fromJson));
    expect(portfolioClaim(fromCsv, 'share_class.net_assets').evidence.locator).toEqual({
      kind: 'csv',
      row: 2,
      column:
        fields.indexOf('5_Net_asset_valuation_of_the_portfolio_or_the_share_class_in_portfolio_currency') + 1,
    });
    expect(portfolioClaim(fromXlsx, 'nav.per_share').evidence.locator).toMatchObject({
      kind: 'cell',
      sheet: 'TPT',
    });
    const csvCell = createCsvResolver(csv);
    for (const claim of fromCsv.claims) {
      if (claim.evidence.locator.kind !== 'csv') throw new Error('expected a csv locator');
      expectSourceGivesValue(csvCell(claim.evidence.locator), claim);
    }
    const cell = await createCellResolver(xlsx);
    for (const claim of fromXlsx.claims) {
      if (claim.evidence.locator.kind !== 'cell') throw new Error('expected a cell locator');
      expectSourceGivesValue(cell(claim.evidence.locator), claim);
    }
  });
});

// ───────────── synthetic files: layouts and failures the real files do not show ─────────────

const ROW = {
  '1_Portfolio_identifying_data': 'XS0000000001',
  '2_Type_of_identification_code_for_the_fund_share_or_portfolio': 1,
  '3_Portfolio_name': 'Synthetic Fund',
  '4_Portfolio_currency_(B)': 'EUR',
  '5_Net_asset_valuation_of_the_portfolio_or_the_share_class_in_portfolio_currency': 100,
  '6_Valuation_date': '2025-06-30',
  '12_CIC_code_of_the_instrument': 'XT72',
  '14_Identification_code_of_the_instrument': 'CASH EUR',
  '24_Market_valuation_in_portfolio_currency_(B)': 100,
  '26_Valuation_weight': 1,
};
const json = (rows: object[]) => Buffer.from(JSON.stringify(rows));

async function failure(bytes: Buffer): Promise<ExtractionFailedError> {
  const error = await extractTpt(bytes, ARTEFACT).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExtractionFailedError);
  return error as ExtractionFailedError;
}

describe('findatex-tpt on files that break the rules', () => {
  it('refuses a CSV whose header is not the TPT field list', async () => {
    const error = await failure(Buffer.from('Fund;NAV;Date\nSynthetic;100;2025-06-30\n'));
    expect(error.code).toBe('EXTRACTION_UNSUPPORTED_LAYOUT');
  });

  it('names the missing required fields of a CSV with a partial header', async () => {
    const error = await failure(
      Buffer.from('1_Portfolio_identifying_data;3_Portfolio_name;12_CIC_code_of_the_instrument\nX;Y;XT72\n'),
    );
    expect(error.code).toBe('EXTRACTION_UNSUPPORTED_LAYOUT');
    expect(error.details?.missing).toEqual(['4', '5', '6', '24', '26']);
  });

  it('refuses JSON that is not an array of rows, a TPT version it does not know, and a file without a valuation date', async () => {
    expect((await failure(Buffer.from('[1, 2]'))).code).toBe('EXTRACTION_UNSUPPORTED_LAYOUT');
    expect((await failure(Buffer.from('[{"1_Portfolio'))).code).toBe('EXTRACTION_MALFORMED_JSON');
    expect(
      (await failure(json([{ ...ROW, '1000_TPT_Version': 'V5.0 (official) dated 16 January 2020' }]))).code,
    ).toBe('EXTRACTION_UNSUPPORTED_TEMPLATE_VERSION');
    expect((await failure(json([{ ...ROW, '6_Valuation_date': '' }]))).code).toBe(
      'EXTRACTION_MISSING_AS_OF_DATE',
    );
    expect((await failure(Buffer.from([0x00, 0x01, 0x02, 0x03]))).code).toBe('EXTRACTION_UNSUPPORTED_LAYOUT');
  });

  it('reads a header of bare field numbers', async () => {
    const csv = '1;2;4;5;6;12;14;24;26\nXS0000000001;1;EUR;100;2025-06-30;XT72;CASH EUR;100;1\n';
    const result = await extractTpt(Buffer.from(csv), ARTEFACT);
    expect(portfolioClaim(result, 'share_class.isin').value).toBe('XS0000000001');
    expect(result.claims.find((c) => c.metric === 'holding.value')).toMatchObject({
      value: '100',
      unit: 'EUR',
      subject: 'CASH EUR',
    });
  });

  it('claims a portfolio field from the first row and warns when a later row disagrees', async () => {
    const rows = [
      ROW,
      {
        ...ROW,
        '14_Identification_code_of_the_instrument': 'CASH USD',
        '5_Net_asset_valuation_of_the_portfolio_or_the_share_class_in_portfolio_currency': 101,
        '26_Valuation_weight': 0,
      },
    ];
    const result = await extractTpt(json(rows), ARTEFACT);
    expect(portfolioClaim(result, 'share_class.net_assets').value).toBe('100');
    expect(result.warnings).toContainEqual({
      code: 'TPT_PORTFOLIO_FIELD_DISAGREES',
      message: expect.stringContaining('is 100 in row 1 but 101 in row 2'),
    });
  });

  it('warns when weights do not sum to 1, and reads V7 when V7-only fields are present', async () => {
    const result = await extractTpt(
      json([{ ...ROW, '26_Valuation_weight': 0.9, '140_Custodian_identification_code': 'X' }]),
      ARTEFACT,
    );
    expect(result.template.version).toBe('V7');
    expect(result.warnings.map((w) => w.code)).toContain('TPT_WEIGHTS_DO_NOT_SUM_TO_ONE');
  });

  it('keeps a stated number exactly, an unreadable one as a flagged blank, and repeats of a position apart', async () => {
    const rows = [
      { ...ROW, '24_Market_valuation_in_portfolio_currency_(B)': 50.1, '26_Valuation_weight': 0.5 },
      { ...ROW, '24_Market_valuation_in_portfolio_currency_(B)': 'fifty', '26_Valuation_weight': 0.5 },
    ];
    const text = stringifyLossless(rows)!.replace('50.1', '50.10');
    const result = await extractTpt(Buffer.from(text), ARTEFACT);
    const values = result.claims.filter((c) => c.metric === 'holding.value');
    expect(values.map((c) => [c.subject, c.value])).toEqual([
      ['CASH EUR', '50.10'],
      ['CASH EUR#2', null],
    ]);
    expect(values[1].blank).toEqual({ kind: 'missing', reason: 'not a decimal number: "fifty"' });
    expect(result.warnings.map((w) => w.code)).toContain('FINDATEX_UNREADABLE_VALUE');
  });
});

function toCsv(fields: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): Buffer {
  const cell = (value: unknown) => {
    const text = jsonScalarText(value) ?? '';
    return /[;"\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return Buffer.from(
    [fields.join(';'), ...rows.map((row) => fields.map((f) => cell(row[f])).join(';'))].join('\n'),
  );
}

async function toXlsx(
  fields: readonly string[],
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('TPT');
  sheet.addRow([...fields]);
  for (const row of rows) {
    sheet.addRow(
      fields.map((f) => {
        const value = row[f];
        const text = jsonScalarText(value);
        return typeof value === 'string' || text === null || text === undefined
          ? (text ?? null)
          : Number(text);
      }),
    );
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
