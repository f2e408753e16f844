import Decimal from 'decimal.js';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { addDays } from '../calendar';
import type { FundPeriod, PeriodHolding, SampleFund } from '../portfolio-model';
import type { ExpectedClaim, SampleDocument } from './sample-document';

/**
 * FinDatEx Solvency II Tripartite Template V6 or V7 as an XLSX workbook in the official layout: one
 * header row of field names (as the official field lists spell them), one row per position, portfolio
 * fields repeated on every row. The net assets not held in securities are a cash position, so
 * field 24 adds up to field 5 and field 26 to 1, as the extractor's checks expect.
 */

const TPT_VERSIONS = {
  V6: 'V6.0 (official) dated 10 January 2022',
  V7: 'V7.0 (official) dated 25 November 2024',
} as const;

/** Column order of the sheet: V6 field names, then (V7 only) the custodian and bail-in fields V7 added. */
const V6_COLUMNS = [
  '1_Portfolio_identifying_data',
  '2_Type_of_identification_code_for_the_fund_share_or_portfolio',
  '3_Portfolio_name',
  '4_Portfolio_currency_(B)',
  '5_Net_asset_valuation_of_the_portfolio_or_the_share_class_in_portfolio_currency',
  '6_Valuation_date',
  '7_Reporting_date',
  '8_Share_price',
  '8b_Total_number_of_shares',
  '9_Cash_ratio',
  '10_Portfolio_modified_duration',
  '11_Complete_SCR_delivery',
  '12_CIC_code_of_the_instrument',
  '14_Identification_code_of_the_instrument',
  '15_Type_of_identification_code_for_the_instrument',
  '17_Instrument_name',
  '18_Quantity',
  '19_Nominal_amount',
  '21_Quotation_currency_(A)',
  '22_Market_valuation_in_quotation_currency_(A)',
  '24_Market_valuation_in_portfolio_currency_(B)',
  '26_Valuation_weight',
  '33_Coupon_rate',
  '39_Maturity_date',
  '46_Issuer_name',
  '47_Issuer_identification_code',
  '48_Type_of_identification_code_for_issuer',
  '52_Issuer_country',
  '90_Modified_duration_to_maturity_date',
  '1000_TPT_Version',
] as const;
const V7_COLUMNS = [
  ...V6_COLUMNS,
  '140_Custodian_identification_code',
  '141_Type_of_custodian_identification_code',
  '142_Bail-in_Rule',
] as const;

type Column = (typeof V7_COLUMNS)[number];
type Row = Partial<Record<Column, string | number>>;

/** CIC codes: US-listed common equity, US corporate bond, cash (XL = not listed, 71 = cash), as Captor's real TPTs. */
const CIC = { equity: 'US31', bond: 'US21', cash: 'XL71' } as const;
/** Real TPTs identify a cash account by its name, with code type 99 (other). */
const CASH_ACCOUNT = 'Custody Cash Account USD';
const OTHER_CODE = 99;
// A workbook's own dates are part of its bytes: pinned, so the same portfolio gives the same file.
const WORKBOOK_DATE = new Date('2000-01-01T00:00:00Z');

export async function tptDocument(fund: SampleFund, period: FundPeriod): Promise<SampleDocument> {
  const portfolio: Row = {
    '1_Portfolio_identifying_data': fund.isin,
    '2_Type_of_identification_code_for_the_fund_share_or_portfolio': 1,
    '3_Portfolio_name': `${fund.name} Class I`,
    '4_Portfolio_currency_(B)': fund.currency,
    '5_Net_asset_valuation_of_the_portfolio_or_the_share_class_in_portfolio_currency': Number(
      period.netAssets,
    ),
    '6_Valuation_date': period.valuationDate,
    '7_Reporting_date': addDays(period.valuationDate, 5),
    '8_Share_price': Number(period.navPerShare),
    '8b_Total_number_of_shares': Number(period.sharesOutstanding),
    '9_Cash_ratio': Number(period.cashWeight),
    '10_Portfolio_modified_duration': Number(period.modifiedDuration),
    '11_Complete_SCR_delivery': 'N',
    '1000_TPT_Version': TPT_VERSIONS[fund.tptVersion],
    '140_Custodian_identification_code': fund.registrant.lei,
    '141_Type_of_custodian_identification_code': 1,
  };
  const cash: Row = {
    '12_CIC_code_of_the_instrument': CIC.cash,
    '14_Identification_code_of_the_instrument': CASH_ACCOUNT,
    '15_Type_of_identification_code_for_the_instrument': OTHER_CODE,
    '17_Instrument_name': CASH_ACCOUNT,
    '21_Quotation_currency_(A)': 'USD',
    '22_Market_valuation_in_quotation_currency_(A)': Number(period.cash),
    '24_Market_valuation_in_portfolio_currency_(B)': Number(period.cash),
    '26_Valuation_weight': Number(period.cashWeight),
  };
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'FAI sample-data';
  workbook.created = WORKBOOK_DATE;
  workbook.modified = WORKBOOK_DATE;
  const sheet = workbook.addWorksheet('TPT');
  const columns: readonly Column[] = fund.tptVersion === 'V7' ? V7_COLUMNS : V6_COLUMNS;
  sheet.addRow([...columns]);
  for (const position of [...period.holdings.map(positionRow), cash]) {
    const row: Row = { ...portfolio, ...position };
    sheet.addRow(columns.map((column) => row[column] ?? null));
  }
  const content = await pinnedZip(
    Buffer.from(await workbook.xlsx.writeBuffer({ zip: { compression: 'STORE' } })),
  );
  return {
    fundId: fund.fundId,
    period: period.period,
    artefactType: 'findatex_tpt',
    fileName: `${fund.fundId}_TPT${fund.tptVersion}_${period.valuationDate}.xlsx`,
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    content,
    expected: tptClaims(fund, period),
  };
}

/**
 * exceljs stamps every zip entry with the time of writing: the entries are packed again with a
 * pinned date (and compressed once, here), so the same portfolio gives the same bytes.
 */
async function pinnedZip(stored: Buffer): Promise<Buffer> {
  const source = await JSZip.loadAsync(stored);
  const pinned = new JSZip();
  for (const entry of Object.values(source.files)) {
    if (!entry.dir) {
      pinned.file(entry.name, await entry.async('nodebuffer'), { date: WORKBOOK_DATE, createFolders: false });
    }
  }
  return pinned.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 1 },
  });
}

function positionRow({ security, value, weight, balance }: PeriodHolding): Row {
  const bond = security.kind === 'bond';
  return {
    '12_CIC_code_of_the_instrument': bond ? CIC.bond : CIC.equity,
    '14_Identification_code_of_the_instrument': security.isin,
    '15_Type_of_identification_code_for_the_instrument': 1,
    '17_Instrument_name': security.title,
    ...(bond ? { '19_Nominal_amount': Number(balance) } : { '18_Quantity': Number(balance) }),
    '21_Quotation_currency_(A)': 'USD',
    '22_Market_valuation_in_quotation_currency_(A)': Number(value),
    '24_Market_valuation_in_portfolio_currency_(B)': Number(value),
    '26_Valuation_weight': Number(weight),
    ...(bond && {
      '33_Coupon_rate': Number(security.coupon),
      '39_Maturity_date': security.maturity,
      '90_Modified_duration_to_maturity_date': Number(security.modifiedDuration),
    }),
    '46_Issuer_name': security.issuerName,
    '47_Issuer_identification_code': security.issuerLei,
    '48_Type_of_identification_code_for_issuer': 1,
    '52_Issuer_country': 'US',
    // Bail-in applies to bank debt only: corporate bonds here are not, equities are out of scope.
    '142_Bail-in_Rule': bond ? 2 : 9,
  };
}

/** Numbers go into the workbook as doubles; extraction reads them back as their shortest decimal. */
const asRead = (decimal: string) => new Decimal(decimal).toFixed();

function tptClaims(fund: SampleFund, period: FundPeriod): ExpectedClaim[] {
  const shareClass = fund.isin;
  return [
    { metric: 'share_class.isin', shareClass, value: fund.isin, unit: 'text' },
    { metric: 'share_class.currency', shareClass, value: fund.currency, unit: 'text' },
    { metric: 'share_class.net_assets', shareClass, value: asRead(period.netAssets), unit: 'USD' },
    { metric: 'filing.report_date', shareClass, value: period.valuationDate, unit: 'date' },
    { metric: 'nav.per_share', shareClass, value: asRead(period.navPerShare), unit: 'USD' },
    { metric: 'fund.cash_ratio', shareClass, value: asRead(period.cashWeight), unit: 'ratio' },
    ...period.holdings.flatMap(({ security, value, weight }): ExpectedClaim[] => [
      { metric: 'holding.value', shareClass, subject: security.isin, value: asRead(value), unit: 'USD' },
      {
        metric: 'holding.pct_net_assets',
        shareClass,
        subject: security.isin,
        value: asRead(weight),
        unit: 'ratio',
      },
    ]),
    { metric: 'holding.value', shareClass, subject: CASH_ACCOUNT, value: asRead(period.cash), unit: 'USD' },
  ];
}
