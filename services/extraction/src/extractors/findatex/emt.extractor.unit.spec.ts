import ExcelJS from 'exceljs';
import { createCellResolver } from '../../claims/locators/cell-resolver';
import { isKnownMetric } from '../../claims/metric-vocabulary';
import { extractEmt } from './emt.extractor';
import type { ShareClassExtractionResult } from './findatex-rows';
import { fieldCode } from './findatex-template';
import {
  describeWithRealFixtures,
  expectSourceGivesValue,
  officialFieldNames,
  readRealFixture,
} from './fixture-support.spec';

const TEMPLATE = 'findatex/templates/EMT_V4_3_20251217.xlsx';
const ARTEFACT = { sha256: '0c1d2e3f405162738495a6b7c8d9eaf00112233445566778899aabbccddeeff0', version: 1 };

/**
 * SYNTHETIC: no real filled EMT exists among the fixtures. The file is generated here from the
 * official EMT V4.3 field list (every one of its 114 fields as a header column), with made-up values
 * for two instruments; values not listed stay empty.
 */
// prettier-ignore
const INSTRUMENTS: Array<Record<string, string | number>> = [
  {
    '00001': 'V4.3', '00005': '2026-01-15 10:00:00', '00006': 'Y', '00007': 'Y', '00008': 'Y',
    '00010': 'LU1234567890', '00020': 1, '00030': 'Synthetic Equity Fund R EUR', '00040': 'EUR', '00045': 'N',
    '00050': '2025-12-31', '00060': 'U', '00070': 'Synthetic Asset Management S.A.',
    '01000': '2025-11-30', '01010': 'Y', '01020': 'Y', '01030': 'Neutral', '02010': 'Y', '02020': 'Y', '02030': 'Y',
    '03010': 'N', '03020': 'Y', '03030': 0.2, '03040': 'Y', '03050': 'N', '04010': 4, '04020': 5,
    '05010': 'N', '05020': 'Y', '05030': 'Neutral', '05080': 5, '06010': 'Y', '06020': 'Y', '06030': 'Y', '06040': 'Y',
    '07020': 0.05, '07040': 0, '07050': 0, '07070': 0, '07080': 0, '07100': 0.0165, '07110': 0.012, '07120': 0.005,
    '07130': 0.0012, '07140': 0, '07160': '2025-06-30', '08030': 0.0161, '08050': 0.012, '08070': 0.0009,
    '08090': '2025-01-01', '08100': '2025-12-31',
  },
  {
    '00001': 'V4.3', '00005': '2026-01-15 10:00:00', '00010': 'INTERNAL-42', '00020': 99, '00030': 'Synthetic Bond Fund I',
    '00040': 'USD', '00050': '2025-12-31', '00060': 'N', '01010': 'N', '01020': 'Y', '02010': 'N', '03010': 'N',
    '07020': 0, '07050': 0.01, '07110': 0.004, '07130': 0.0002, '07160': '2025-06-30',
  },
];

async function syntheticEmt(fieldNames: readonly string[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('EMT');
  sheet.addRow([...fieldNames]);
  for (const instrument of INSTRUMENTS)
    sheet.addRow(fieldNames.map((name) => instrument[fieldCode(name)!] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const claimOf = (result: ShareClassExtractionResult, shareClass: string, metric: string) =>
  result.claims.find((c) => c.shareClass === shareClass && c.metric === metric);

describeWithRealFixtures(
  'findatex-emt on a synthetic EMT V4.3 generated from the official field list',
  [TEMPLATE],
  () => {
    let file: Buffer;
    let result: ShareClassExtractionResult;
    beforeAll(async () => {
      const names = await officialFieldNames(readRealFixture(TEMPLATE));
      expect(names).toHaveLength(114);
      file = await syntheticEmt(names);
      result = await extractEmt(file, ARTEFACT);
    });

    it('reads each instrument as a share class: an ISIN when the code type says so, another code otherwise', () => {
      expect(result.template).toEqual({ name: 'EMT', version: 'V4.3' });
      expect(result.shareClasses).toEqual(['LU1234567890', 'INTERNAL-42']);
      expect(claimOf(result, 'LU1234567890', 'share_class.isin')?.fund).toEqual({
        isin: 'LU1234567890',
        name: 'Synthetic Equity Fund R EUR',
      });
      expect(claimOf(result, 'INTERNAL-42', 'share_class.identifier')?.fund).toEqual({
        name: 'Synthetic Bond Fund I',
      });
      expect(claimOf(result, 'INTERNAL-42', 'share_class.isin')).toBeUndefined();
    });

    it('reads ex-ante and ex-post costs as fractions, dated by their own reference dates', () => {
      const costs = (metric: string) => claimOf(result, 'LU1234567890', metric);
      expect(costs('costs.mifid.ongoing')).toMatchObject({
        value: '0.0165',
        unit: 'ratio',
        asOf: '2025-06-30',
      });
      expect(costs('costs.mifid.entry_max')).toMatchObject({ value: '0.05', asOf: '2025-06-30' });
      expect(costs('costs.mifid.management_fee')?.value).toBe('0.012');
      expect(costs('costs.mifid.transaction')?.value).toBe('0.0012');
      expect(costs('costs.mifid.ex_post.ongoing')).toMatchObject({ value: '0.0161', asOf: '2025-12-31' });
      expect(costs('costs.mifid.ex_ante_reference_date')?.value).toBe('2025-06-30');
    });

    it('reads the target market, dated by the target-market reference date', () => {
      const market = (metric: string) => claimOf(result, 'LU1234567890', metric);
      expect(market('target_market.investor_type.retail')).toMatchObject({ value: 'Y', asOf: '2025-11-30' });
      expect(market('target_market.investor_type.eligible_counterparty')?.value).toBe('Neutral');
      expect(market('target_market.loss.limited_level')).toMatchObject({ value: '0.2', unit: 'ratio' });
      expect(market('target_market.risk_tolerance.priips')?.value).toBe('4');
      expect(market('target_market.return_profile.growth')?.value).toBe('Y');
      expect(market('target_market.minimum_holding_period')?.value).toBe('5');
      expect(market('share_class.product_type')).toMatchObject({ value: 'U', asOf: '2025-12-31' });
      // The second instrument states no target-market date: its answers take the general reference date.
      expect(claimOf(result, 'INTERNAL-42', 'target_market.investor_type.retail')).toMatchObject({
        value: 'N',
        asOf: '2025-12-31',
      });
    });

    it('states a typed blank, a coverage gap and a warning for expected fields the file leaves empty', () => {
      expect(claimOf(result, 'INTERNAL-42', 'costs.mifid.ongoing')).toMatchObject({
        value: null,
        blank: { kind: 'missing' },
      });
      expect(result.coverage.missing).toContain('costs.mifid.ongoing');
      expect(result.warnings).toContainEqual({
        code: 'FINDATEX_EXPECTED_FIELD_EMPTY',
        message: 'Field 07100 (costs.mifid.ongoing) is empty in 1 of 2 share classes.',
      });
    });

    it('resolves every claim to its cell, with known metric keys', async () => {
      const resolve = await createCellResolver(file);
      for (const claim of result.claims) {
        expect(isKnownMetric(claim.metric)).toBe(true);
        if (claim.evidence.locator.kind !== 'cell') throw new Error('expected a cell locator');
        expect(claim.evidence.locator.sheet).toBe('EMT');
        expectSourceGivesValue(resolve(claim.evidence.locator), claim);
      }
    });
  },
);
