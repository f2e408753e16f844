import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { ArtefactClassification } from './artefact-classification';
import { classifyArtefact } from './artefact.classifier';

/** The team's shared folder of real public fund documents (see its README for each file's story). */
const REAL_FIXTURES = process.env.FAI_REAL_FIXTURES ?? join(__dirname, '../../../../../shared/fixtures/real');

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CAPTOR_EPT_ISINS = [
  'SE0016075006',
  'SE0011337195',
  'SE0011337187',
  'SE0011337179',
  'SE0015193172',
  'SE0010101360',
  'SE0011670843',
  'SE0009807308',
  'SE0012204766',
  'SE0012204758',
  'SE0015245642',
  'SE0015243878',
  'SE0015243886',
  'SE0017832264',
  'SE0017832280',
  'SE0017832322',
  'SE0017832314',
  'SE0017832330',
  'SE0020999670',
  'SE0020552610',
  'SE0020552602',
  'SE0020552628',
];
const nport = (
  period: string,
  identifiers: ArtefactClassification['identifiers'],
): ArtefactClassification => ({
  documentType: 'nport',
  mediaType: 'application/xml',
  identifiers,
  period: { end: period },
});
const unknown = (mediaType: ArtefactClassification['mediaType'], reason: RegExp) => ({
  documentType: 'unknown',
  mediaType,
  identifiers: { isin: [] },
  reason: expect.stringMatching(reason),
});
const kiid = (end: string) => ({
  documentType: 'kiid',
  mediaType: 'application/pdf',
  identifiers: { isin: ['GB00B0CNHB64'] },
  period: { end },
  pages: 2,
});
const tpt = (isin: string) => ({
  documentType: 'findatex-tpt',
  mediaType: 'application/json',
  identifiers: { isin: [isin] },
  period: { end: '2025-08-29' },
});
const templateWithoutData = (label: string) =>
  unknown(XLSX, new RegExp(`FinDatEx ${label} field definitions`));
const xsd = unknown('application/xml', /XMLSchema}schema is not a document type/);

/** What each real file is. A file added to the folder without an entry here fails the suite. */
const EXPECTED: Record<string, unknown> = {
  'README.md': unknown('text/plain', /plain text/),
  'nport/dupree-kentucky-taxfree-short-to-medium_NPORT-P_2022-12-31.xml': nport('2022-12-31', {
    isin: [],
    seriesId: 'S000012000',
    lei: '5493006TF05454RBY690',
    cik: '0000311101',
  }),
  'nport/ast-bond-portfolio-2022_NPORT-P_2022-12-30_final.xml': nport('2022-12-30', {
    isin: [],
    seriesId: 'S000030880',
    lei: '25V5FFI8VC77SZ5QTF33',
    cik: '0000814679',
  }),
  // No seriesId in this filing: the registrant is the fund (its LEI doubles as series LEI).
  'nport/infinity-long-short-equity_NPORT-P_2021-12-31.xml': nport('2021-12-31', {
    isin: [],
    lei: '549300ZUBF3HMYDIYM83',
    cik: '0001687430',
  }),
  'nport/pimco-low-duration-income_NPORT-P_2024-06-30.xml': nport('2024-06-30', {
    isin: [],
    seriesId: 'S000009677',
    lei: 'SVLFVAGUHS15GPUL9Z39',
    cik: '0000810893',
  }),
  'nport/pimco-income-fund_NPORT-P_2026-03-31_TRIMMED.xml': nport('2026-03-31', {
    isin: [],
    seriesId: 'S000016548',
    lei: 'XSQUIHC65X62JACTUZ45',
    cik: '0000810893',
  }),
  'nport/spdr-sp500-etf-trust_NPORT-P_2026-03-31_TRIMMED.xml': nport('2026-03-31', {
    isin: [],
    lei: '549300NZAMSJ8FXPQQ63',
    cik: '0000884394',
  }),
  // SEC's synthetic samples carry LEIs that fail their check digits ("1234567890"): left out, not passed on.
  'nport/sec-synthetic-samples/N-PORT Sample 1.xml': nport('2017-10-22', {
    isin: [],
    seriesId: 'S000002112',
    cik: '0000350001',
  }),
  'nport/sec-synthetic-samples/N-PORT Sample 2.xml': nport('2012-01-05', { isin: [], cik: '0000350001' }),
  'nport/sec-synthetic-samples/N-PORT Sample 3.xml': nport('2017-07-01', {
    isin: [],
    seriesId: 'S000014703',
    cik: '0000350001',
  }),
  'nport/xsd/eis_NPORT_Filer.xsd': xsd,
  'nport/xsd/eis_NPORT_common.xsd': xsd,
  'nport/xsd/eis_Common.xsd': xsd,
  'nport/xsd/eis_ISO_StateCodes.xsd': xsd,
  'nport/xsd/eis_stateCodes.xsd': xsd,
  'ncen/ab-cap-fund_N-CEN_2025-11-30.xml': unknown('application/xml', /edgar\/ncen}edgarSubmission/),
  'findatex/tpt/captor-dahlia-green-bond-A_SE0011337179_TPTV6_2025-08-29.json': tpt('SE0011337179'),
  'findatex/tpt/captor-scilla-global-equity-C_SE0011670843_TPTV6_2025-08-29.json': tpt('SE0011670843'),
  'findatex/tpt/captor-aster-global-high-yield-C_SE0017832280_TPTV6_2025-08-29.json': tpt('SE0017832280'),
  'findatex/tpt/captor-perenne-short-term-bond-C_SE0020552628_TPTV6_2025-08-29.json': tpt('SE0020552628'),
  // EU PRIIPs data has no reference date: the period is the date of the KIDs it feeds.
  'findatex/ept/findatex-ept-captor-2023-12-29.xlsx': {
    documentType: 'findatex-ept',
    mediaType: XLSX,
    identifiers: { isin: CAPTOR_EPT_ISINS },
    period: { end: '2024-02-16' },
  },
  'findatex/ept/findatex-ept-captor-2023-12-29.yaml': {
    documentType: 'findatex-ept',
    mediaType: 'application/yaml',
    identifiers: { isin: CAPTOR_EPT_ISINS },
    period: { end: '2024-02-16' },
  },
  // Official blank templates list field definitions, not a fund's data: kept, but for an operator to look at.
  'findatex/templates/EPT_V2.1_Final.xlsx': templateWithoutData('EPT'),
  'findatex/templates/TPT_V6_20220314_final.xlsx': templateWithoutData('TPT'),
  'findatex/templates/TPT_V7_20241125_updated.xlsx': templateWithoutData('TPT'),
  'findatex/templates/EMT_V4_3_20251217.xlsx': templateWithoutData('EMT'),
  'findatex/templates/EPT_V2.1_Final.json': unknown('application/json', /JSON in no recognised layout/),
  'findatex/templates/TPT_V6_20220314_final.json': unknown(
    'application/json',
    /JSON in no recognised layout/,
  ),
  'findatex/templates/TPT_V7_20241125_updated.json': unknown(
    'application/json',
    /JSON in no recognised layout/,
  ),
  'kiid/lg-cash-trust-I-acc_GB00B0CNHB64_KIID_2019-05-28.pdf': kiid('2019-05-28'),
  'kiid/lg-cash-trust-I-acc_GB00B0CNHB64_KIID_2020-02-11.pdf': kiid('2020-02-11'),
  'kiid/lg-cash-trust-I-acc_GB00B0CNHB64_KIID_2020-12-29.pdf': kiid('2020-12-29'),
  'kiid/lg-cash-trust-I-acc_GB00B0CNHB64_KIID_2021-02-15.pdf': kiid('2021-02-15'),
  // Factsheets name no fund ISIN on their pages; the period is the "as on" date of their figures.
  'factsheet/sbi-flexicap-fund_factsheet_2025-12-31.pdf': {
    documentType: 'factsheet',
    mediaType: 'application/pdf',
    identifiers: { isin: [] },
    period: { end: '2025-12-31' },
    pages: 1,
  },
  // The April 2026 edition reports figures "as on Mar 31, 2026".
  'factsheet/sundaram-multi-cap-fund_factsheet_2026-04.pdf': {
    documentType: 'factsheet',
    mediaType: 'application/pdf',
    identifiers: { isin: [] },
    period: { end: '2026-03-31' },
    pages: 2,
  },
  'nav/captor-iris-bond_SE0009807308_daily_2017-05-29_to_2020-06-26.json': {
    documentType: 'nav-history',
    mediaType: 'application/json',
    identifiers: { isin: ['SE0009807308'] },
    period: { end: '2020-06-26' },
  },
  // Headerless DD/MM/YYYY, newest first: the period ends at the first line.
  'nav/hdfc-equity-fund-growth_daily_1995-01-02_to_2016-06-03.csv': {
    documentType: 'nav-history',
    mediaType: 'text/csv',
    identifiers: { isin: [] },
    period: { end: '2016-06-03' },
  },
  'nav/hdfc-liquid-fund-growth_daily_2000-10-18_to_2016-06-05.csv': {
    documentType: 'nav-history',
    mediaType: 'text/csv',
    identifiers: { isin: [] },
    period: { end: '2016-06-05' },
  },
  'openfunds/openfunds-fields_v2.14.records.json': unknown(
    'application/json',
    /JSON in no recognised layout/,
  ),
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const available = existsSync(REAL_FIXTURES);
const files = available
  ? filesUnder(REAL_FIXTURES)
      .map((path) => relative(REAL_FIXTURES, path))
      .sort()
  : [];

describe('classifyArtefact over every real fixture file', () => {
  if (!available) {
    it.skip(`skipped: ${REAL_FIXTURES} is absent (the shared fixtures folder sits beside the repository)`, () =>
      undefined);
    return;
  }

  it('knows what each file in the folder is', () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(files)('%s', async (file) => {
    const content = readFileSync(join(REAL_FIXTURES, file));
    expect(await classifyArtefact({ fileName: basename(file), content })).toEqual(EXPECTED[file]);
  });
});
