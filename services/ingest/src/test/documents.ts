import { buildPdf, buildZip, workbookParts } from '../classification/test/crafted-files';

/** Small documents of each kind ingest takes in, and the hostile ones it must refuse. */

const NPORT_NS = 'http://www.sec.gov/edgar/nport';

/** An SEC N-PORT filing (names its series, not ISINs: the sender names the fund). */
export function nportXml(reportDate = '2026-10-31', note = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<edgarSubmission xmlns="${NPORT_NS}">
  <headerData><filerInfo><filer><issuerCredentials><cik>0000311101</cik></issuerCredentials></filer></filerInfo></headerData>
  <formData><genInfo><seriesId>S000012000</seriesId><repPdDate>${reportDate}</repPdDate></genInfo></formData>
  <!-- ${note} -->
</edgarSubmission>
`;
}

/** A NAV history whose ISIN column names the fund. */
export function navHistoryCsv(isin: string, lastDate = '2026-10-31'): string {
  return `date,nav,isin\n2026-10-29,101.25,${isin}\n2026-10-30,101.40,${isin}\n${lastDate},101.62,${isin}\n`;
}

export const factsheetPdf = (isin: string) =>
  buildPdf({ text: `Fund Factsheet ${isin} as at 31 October 2026` });

export const hostile = {
  malformedXml: `<?xml version="1.0"?><edgarSubmission xmlns="${NPORT_NS}"><formData></edgarSubmission>`,
  externalEntityXml: `<?xml version="1.0"?><!DOCTYPE edgarSubmission [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><edgarSubmission xmlns="${NPORT_NS}">&xxe;</edgarSubmission>`,
  unparsablePdf: Buffer.from(
    '%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a PDF body\n%%EOF\n',
    'latin1',
  ),
  encryptedPdf: () => buildPdf({ encrypted: true }),
  zipBombXlsx: () =>
    buildZip(workbookParts([['a']]).map((entry) => ({ ...entry, declaredSize: 100 * 1024 * 1024 }))),
};
