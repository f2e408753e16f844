import Decimal from 'decimal.js';
import ExcelJS from 'exceljs';
import { parse as parseYaml } from 'yaml';
import type { Claim } from '../../claims/claim';
import { ExtractionFailedError } from '../../claims/extraction-errors';
import { createCellResolver } from '../../claims/locators/cell-resolver';
import { createCsvResolver } from '../../claims/locators/csv-resolver';
import { isKnownMetric } from '../../claims/metric-vocabulary';
import { extractEpt } from './ept.extractor';
import { EPT_TEMPLATES } from './ept-fields';
import { fieldCode } from './findatex-template';
import type { ShareClassExtractionResult } from './findatex-rows';
import { describeWithRealFixtures, expectSourceGivesValue, readRealFixture } from './fixture-support.spec';

const XLSX = 'findatex/ept/findatex-ept-captor-2023-12-29.xlsx';
const YAML_TWIN = 'findatex/ept/findatex-ept-captor-2023-12-29.yaml';
const ARTEFACT = { sha256: 'e5472fa55868c78c782bcd989feb7896ca407ae79736d16c73d9b6ddd6d07167', version: 1 };
const FIELDS = EPT_TEMPLATES[0].fields;

const claimOf = (result: ShareClassExtractionResult, shareClass: string, metric: string): Claim => {
  const claims = result.claims.filter((c) => c.shareClass === shareClass && c.metric === metric);
  expect(claims).toHaveLength(1);
  return claims[0];
};

describeWithRealFixtures(
  'findatex-ept on the real Captor EPT V2.1 (22 share classes)',
  [XLSX, YAML_TWIN],
  () => {
    let result: ShareClassExtractionResult;
    let twin: Array<Record<string, unknown>>;
    beforeAll(async () => {
      result = await extractEpt(readRealFixture(XLSX), ARTEFACT);
      twin = parseYaml(readRealFixture(YAML_TWIN).toString('utf8')) as Array<Record<string, unknown>>;
    });

    it('reads one share class per row, identified by its ISIN', () => {
      expect(result.template).toEqual({ name: 'EPT', version: 'V2.1' });
      expect(result.shareClasses).toHaveLength(22);
      expect(result.shareClasses).toEqual(twin.map((row) => row['00030_Portfolio_Identifying_Data']));
      expect(claimOf(result, 'SE0016075006', 'share_class.isin').fund).toEqual({
        isin: 'SE0016075006',
        name: 'Captor Dahlia Green Bond D',
      });
    });

    it.each([
      ['SE0016075006', 'Captor Dahlia Green Bond D', '2', 'Sheet1!AF2'],
      ['SE0010101360', 'Captor Scilla Global Equity B', '4', 'Sheet1!AF7'],
      ['SE0017832264', 'Captor Aster Global High Yield A', '5', 'Sheet1!AF15'],
      ['SE0020552628', 'Captor Perenne Short Term Bond C', '1', 'Sheet1!AF23'],
    ])('states the SRI of %s (%s) as %s, at %s, as the YAML twin does', (isin, name, sri, cell) => {
      const claim = claimOf(result, isin, 'risk.sri');
      const row = twin.find((r) => r['00030_Portfolio_Identifying_Data'] === isin)!;
      expect(row['00050_Portfolio_Name']).toBe(name);
      expect(String(row['01090_SRI'])).toBe(sri);
      expect(claim.value).toBe(sri);
      const [sheet, ref] = cell.split('!');
      expect(claim.evidence.locator).toEqual({ kind: 'cell', sheet, cell: ref });
      expect(claim.asOf).toBe('2024-02-16');
    });

    it('reads scenarios at 1 year and at the RHP, and costs, as fractions', () => {
      expect(claimOf(result, 'SE0017832264', 'risk.priips.mrm').value).toBe('3');
      expect(claimOf(result, 'SE0017832264', 'share_class.recommended_holding_period')).toMatchObject({
        value: '3',
        unit: 'years',
      });
      expect(claimOf(result, 'SE0016075006', 'scenario.stress.return_1y')).toMatchObject({
        value: '-0.185',
        unit: 'ratio',
      });
      expect(claimOf(result, 'SE0016075006', 'scenario.favourable.return_rhp').value).toBe('0.03');
      expect(claimOf(result, 'SE0016075006', 'costs.priips.management_and_operating').value).toBe('0.0025');
      expect(claimOf(result, 'SE0016075006', 'costs.priips.transaction').value).toBe('0.000684');
    });

    it('agrees with the YAML twin on every field both state; the XLSX leaves the one-off costs empty where the YAML says 0', () => {
      const disagreements = new Map<string, number>();
      for (const row of twin) {
        const isin = String(row['00030_Portfolio_Identifying_Data']);
        for (const [name, stated] of Object.entries(row)) {
          const field = FIELDS.find((f) => f.code === fieldCode(name));
          if (!field || field.identifier) continue;
          const claim = result.claims.find((c) => c.shareClass === isin && c.metric === field.metric);
          const same =
            claim?.value !== null &&
            claim?.value !== undefined &&
            (field.valueType === 'decimal'
              ? new Decimal(claim.value).equals(String(stated))
              : claim.value === String(stated));
          if (!same) disagreements.set(field.code, (disagreements.get(field.code) ?? 0) + 1);
        }
      }
      expect(Object.fromEntries(disagreements)).toEqual({
        '03010': 22,
        '03015': 22,
        '03020': 22,
        '03030': 22,
        '03040': 22,
      });
      expect(claimOf(result, 'SE0016075006', 'costs.priips.entry')).toMatchObject({
        value: null,
        blank: { kind: 'missing', reason: 'the field is empty' },
      });
    });

    it('says what it could not find: coverage and one warning per expected field left empty', () => {
      expect(result.coverage.missing).toEqual([
        'costs.priips.entry',
        'costs.priips.exit_rhp',
        'costs.priips.exit_1y',
      ]);
      expect(result.coverage.expected - result.coverage.found).toBe(3 * 22);
      expect(result.warnings).toEqual(
        ['03010 (costs.priips.entry)', '03020 (costs.priips.exit_rhp)', '03030 (costs.priips.exit_1y)'].map(
          (field) => ({
            code: 'FINDATEX_EXPECTED_FIELD_EMPTY',
            message: `Field ${field} is empty in 22 of 22 share classes.`,
          }),
        ),
      );
    });

    it('resolves every claim to its cell, with known metric keys', async () => {
      const resolve = await createCellResolver(readRealFixture(XLSX));
      for (const claim of result.claims) {
        expect(isKnownMetric(claim.metric)).toBe(true);
        if (claim.evidence.locator.kind !== 'cell') throw new Error('expected a cell locator');
        expectSourceGivesValue(resolve(claim.evidence.locator), claim);
      }
    });

    it('reads the same EPT as CSV in the official layout', async () => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(readRealFixture(XLSX) as unknown as ExcelJS.Buffer);
      const csv = Buffer.from(await workbook.csv.writeBuffer({ formatterOptions: { delimiter: ';' } }));
      const fromCsv = await extractEpt(csv, ARTEFACT);
      const summary = (r: ShareClassExtractionResult) =>
        r.claims.map((c) => [c.shareClass, c.metric, c.value]);
      expect(summary(fromCsv)).toEqual(summary(result));
      const resolve = createCsvResolver(csv);
      for (const claim of fromCsv.claims) {
        if (claim.evidence.locator.kind !== 'csv') throw new Error('expected a csv locator');
        expectSourceGivesValue(resolve(claim.evidence.locator), claim);
      }
    });
  },
);

describe('findatex-ept on files that break the rules', () => {
  const header =
    '00001_EPT_Version;00030_Portfolio_Identifying_Data;00040_Type_Of_Identification_Code_For_The_Fund_Share_Or_Portfolio;00070_PRIIPs_KID_Publication_Date;01090_SRI';

  it('refuses a version it does not read and a header without the SRI', async () => {
    const version = await extractEpt(
      Buffer.from(`${header}\nV20;LU0000000001;1;2024-01-31;3\n`),
      ARTEFACT,
    ).catch((e: unknown) => e);
    expect(version).toBeInstanceOf(ExtractionFailedError);
    expect((version as ExtractionFailedError).code).toBe('EXTRACTION_UNSUPPORTED_TEMPLATE_VERSION');
    const noSri = await extractEpt(
      Buffer.from('00001_EPT_Version;00030_Portfolio_Identifying_Data\nV21;LU0000000001\n'),
      ARTEFACT,
    ).catch((e: unknown) => e);
    expect((noSri as ExtractionFailedError).details?.missing).toEqual(['01090']);
  });

  it('skips, and reports, a row without an identifier or a date; reads a decimal comma', async () => {
    const csv = `${header};02100_Portfolio_Return_Stress_Scenario_1_Year\nV21;LU0000000001;1;2024-01-31;3;-0,25\nV21;;1;2024-01-31;3;0\nV21;LU0000000002;1;;4;0\n`;
    const result = await extractEpt(Buffer.from(csv), ARTEFACT);
    expect(result.shareClasses).toEqual(['LU0000000001']);
    expect(result.warnings.filter((w) => w.code === 'FINDATEX_ROW_SKIPPED').map((w) => w.message)).toEqual([
      'row 3 states no identifier (field 00030): its fields are not claimed.',
      'row 4 states no date (fields 00070, 00005): its fields are not claimed.',
    ]);
    expect(claimOf(result, 'LU0000000001', 'scenario.stress.return_1y').value).toBe('-0.25');
  });
});
