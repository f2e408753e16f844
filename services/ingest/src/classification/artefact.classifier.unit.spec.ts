import { classifyArtefact, DEFAULT_CLASSIFICATION_LIMITS } from './artefact.classifier';
import { buildPdf, buildZip, workbookParts } from './test/crafted-files';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const NPORT_NS = 'http://www.sec.gov/edgar/nport';
const MIB = 1024 * 1024;

const classify = (fileName: string, content: Buffer | string, declaredMediaType?: string) =>
  classifyArtefact({ fileName, content: Buffer.from(content), declaredMediaType });

const nportXml = `<?xml version="1.0" encoding="UTF-8"?>
<edgarSubmission xmlns="${NPORT_NS}">
  <headerData><filerInfo><filer><issuerCredentials><cik>0000311101</cik></issuerCredentials></filer></filerInfo></headerData>
  <formData><genInfo><seriesId>S000012000</seriesId><seriesLei>5493006TF05454RBY690</seriesLei><repPdDate>2022-12-31</repPdDate></genInfo></formData>
</edgarSubmission>`;

describe('classifyArtefact: bad input is refused with a typed error', () => {
  it('refuses empty content', async () => {
    await expect(classify('nav.csv', '')).rejects.toMatchObject({
      code: 'ARTEFACT_EMPTY',
      hint: expect.any(String),
    });
  });

  it.each([
    ['../../etc/passwd'],
    ['..\\..\\boot.ini'],
    ['..'],
    ['reports/nport.xml'],
    ['nport\u0000.xml'],
    ['nport\r\n.xml'],
    ['\u001b[31mred.pdf'],
    ['invoice\u202Efdp.exe'],
    ['C:report.pdf'],
    ['   '],
    [`${'x'.repeat(252)}.pdf`],
  ])('refuses the file name %j', async (fileName) => {
    await expect(classify(fileName, nportXml)).rejects.toMatchObject({ code: 'ARTEFACT_FILENAME_INVALID' });
  });

  it('accepts ordinary file names, spaces, quotes and non-Latin letters included', async () => {
    for (const fileName of [
      'N-PORT Sample 1.xml',
      "O'Brien (final) v2.xml",
      'Факт-лист 2024.xml',
      'nport..2024.xml',
    ]) {
      await expect(classify(fileName, nportXml)).resolves.toMatchObject({ documentType: 'nport' });
    }
  });

  it.each([
    ['a PDF declared as XML', 'kiid.pdf', buildPdf(), 'application/xml'],
    ['XML declared as PDF', 'nport.xml', nportXml, 'application/pdf'],
    ['XML named .pdf', 'kiid.pdf', nportXml, undefined],
    ['CSV declared as JSON', 'nav.csv', '2024-01-31,101.2\n2024-02-29,102.3\n', 'application/json'],
    ['a plain ZIP declared as XLSX', 'ept.xlsx', buildZip([{ name: 'notes.txt', data: 'hello' }]), XLSX],
    ['random bytes declared as PDF', 'kiid', Buffer.from([0, 1, 2, 3, 255, 254]), 'application/pdf'],
    ['a PDF declared as an image', 'scan', buildPdf(), 'image/png'],
  ])('refuses %s', async (_case, fileName, content, declared) => {
    await expect(classify(fileName, content, declared)).rejects.toMatchObject({
      code: 'ARTEFACT_TYPE_MISMATCH',
    });
  });

  it.each([
    [
      'CSV labelled as Excel by a browser',
      'nav.csv',
      '2024-01-31,101.2\n2024-02-29,102.3\n',
      'application/vnd.ms-excel',
    ],
    ['XML with a charset parameter', 'nport.xml', nportXml, 'text/xml; charset=utf-8'],
    ['anything declared as octet-stream', 'nport.xml', nportXml, 'application/octet-stream'],
    ['an XLSX declared as ZIP', 'ept.xlsx', buildZip(workbookParts([['a']])), 'application/zip'],
  ])('accepts %s', async (_case, fileName, content, declared) => {
    await expect(classify(fileName, content, declared)).resolves.toBeDefined();
  });

  it('refuses XML with an external entity, never resolving it', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE edgarSubmission [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><edgarSubmission xmlns="${NPORT_NS}">&xxe;</edgarSubmission>`;
    await expect(classify('nport.xml', xxe)).rejects.toMatchObject({ code: 'ARTEFACT_XML_DOCTYPE_REFUSED' });
  });

  it('refuses internal entity expansion ("billion laughs") the same way', async () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>`;
    await expect(classify('lolz.xml', laughs)).rejects.toMatchObject({
      code: 'ARTEFACT_XML_DOCTYPE_REFUSED',
    });
  });

  it('refuses a DOCTYPE hidden in a part of an XLSX', async () => {
    const parts = workbookParts([['00001_EPT_Version']], {
      'xl/sharedStrings.xml':
        '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "http://attacker.example/">]><sst><si><t>&xxe;</t></si></sst>',
    });
    await expect(classify('ept.xlsx', buildZip(parts))).rejects.toMatchObject({
      code: 'ARTEFACT_XML_DOCTYPE_REFUSED',
      details: { part: 'xl/sharedStrings.xml' },
    });
  });

  it('refuses malformed XML, saying where reading stopped', async () => {
    const broken = `<?xml version="1.0"?>\n<edgarSubmission xmlns="${NPORT_NS}">\n  <formData></genInfo>\n</edgarSubmission>`;
    await expect(classify('nport.xml', broken)).rejects.toMatchObject({
      code: 'ARTEFACT_XML_MALFORMED',
      details: { line: 3 },
    });
  });

  it('refuses XML cut short, and an undeclared entity', async () => {
    await expect(classify('nport.xml', nportXml.slice(0, nportXml.length / 2))).rejects.toMatchObject({
      code: 'ARTEFACT_XML_MALFORMED',
    });
    await expect(
      classify('nport.xml', `<edgarSubmission xmlns="${NPORT_NS}">&xxe;</edgarSubmission>`),
    ).rejects.toMatchObject({
      code: 'ARTEFACT_XML_MALFORMED',
    });
  });

  it('counts lines from the top of the file when a blank line precedes the XML declaration', async () => {
    await expect(classify('nport.xml', `\n\n<?xml version="1.0"?>\n<a>\n<b></a>`)).rejects.toMatchObject({
      code: 'ARTEFACT_XML_MALFORMED',
      details: { line: 5 },
    });
  });

  it('refuses a PDF that does not parse', async () => {
    const garbage = Buffer.concat([
      Buffer.from('%PDF-1.7\n'),
      Buffer.alloc(2000, 'x'),
      Buffer.from('\n%%EOF\n'),
    ]);
    await expect(classify('kiid.pdf', garbage)).rejects.toMatchObject({ code: 'ARTEFACT_PDF_UNREADABLE' });
  });

  it('refuses a truncated PDF', async () => {
    const pdf = buildPdf({ text: 'Key Investor Information' });
    await expect(classify('kiid.pdf', pdf.subarray(0, Math.floor(pdf.length * 0.7)))).rejects.toMatchObject({
      code: 'ARTEFACT_PDF_UNREADABLE',
    });
  });

  it('refuses a password-protected PDF, and reads the same PDF without encryption', async () => {
    await expect(
      classify('kiid.pdf', buildPdf({ text: 'Key Investor Information', encrypted: true })),
    ).rejects.toMatchObject({
      code: 'ARTEFACT_PDF_ENCRYPTED',
    });
    await expect(classify('kiid.pdf', buildPdf({ text: 'Key Investor Information' }))).resolves.toMatchObject(
      { documentType: 'kiid', pages: 1 },
    );
  });

  it('stops a PDF that takes too long to read, and reads the next one with a new reader', async () => {
    const limits = {
      ...DEFAULT_CLASSIFICATION_LIMITS,
      pdf: { ...DEFAULT_CLASSIFICATION_LIMITS.pdf, timeoutMs: 50 },
    };
    await expect(
      classifyArtefact({ fileName: 'kiid.pdf', content: buildPdf({ runs: 200_000 }) }, limits),
    ).rejects.toMatchObject({
      code: 'ARTEFACT_PDF_UNREADABLE',
      message: expect.stringContaining('longer than 50 ms'),
    });
    // The reader that was stopped is replaced (with the usual deadline: a loaded machine may take more than 50 ms).
    await expect(
      classifyArtefact({ fileName: 'kiid.pdf', content: buildPdf({ text: 'Key Investor Information' }) }),
    ).resolves.toMatchObject({ documentType: 'kiid', pages: 1 });
  });

  it('refuses an XLSX with a highly compressed entry (zip bomb) before inflating it', async () => {
    const bomb = buildZip(workbookParts([['a']], { 'xl/worksheets/sheet1.xml': ' '.repeat(40 * MIB) }));
    expect(bomb.length).toBeLessThan(MIB);
    await expect(classify('tpt.xlsx', bomb)).rejects.toMatchObject({
      code: 'ARTEFACT_ZIP_BOMB',
      details: { entry: 'xl/worksheets/sheet1.xml' },
    });
  });

  it('refuses an archive that declares more than the total limit', async () => {
    const entries = workbookParts([['a']]).map((entry) => ({ ...entry, declaredSize: 100 * MIB }));
    await expect(classify('tpt.xlsx', buildZip(entries))).rejects.toMatchObject({
      code: 'ARTEFACT_ZIP_BOMB',
    });
  });

  it('refuses an entry that inflates past the size it declares', async () => {
    const parts = workbookParts([['a']]).map((entry) =>
      entry.name === '[Content_Types].xml' ? { ...entry, declaredSize: 100 } : entry,
    );
    parts[0] = { ...parts[0], data: `${parts[0].data.toString()}${' '.repeat(5 * MIB)}` };
    await expect(classify('tpt.xlsx', buildZip(parts))).rejects.toMatchObject({
      code: 'ARTEFACT_ZIP_BOMB',
      details: { entry: '[Content_Types].xml' },
    });
  });

  it('refuses an archive with more entries than allowed', async () => {
    const limits = {
      ...DEFAULT_CLASSIFICATION_LIMITS,
      zip: { ...DEFAULT_CLASSIFICATION_LIMITS.zip, maxEntries: 3 },
    };
    const content = buildZip(workbookParts([['a']]));
    await expect(classifyArtefact({ fileName: 'tpt.xlsx', content }, limits)).rejects.toMatchObject({
      code: 'ARTEFACT_ZIP_BOMB',
    });
  });

  it('refuses an archive that is not one', async () => {
    const truncated = buildZip(workbookParts([['a']])).subarray(0, 200);
    await expect(classify('tpt.xlsx', truncated)).rejects.toMatchObject({ code: 'ARTEFACT_ZIP_UNREADABLE' });
  });
});

describe('classifyArtefact: layouts the real fixtures do not cover', () => {
  it('recognises a filled EMT given down a column, one share class per column', async () => {
    const rows = [
      ['00001_EMT_Version', 'V4.3', 'V4.3'],
      ['00005_File_Generation_Date_And_Time', '2025-07-01 09:00:00', '2025-07-01 09:00:00'],
      ['00010_Financial_Instrument_Identifying_Data', 'LU0292097234', 'IE00B4L5Y983'],
      ['00020_Type_Of_Identification_Code_For_The_Financial_Instrument', '1', '1'],
      ['00050_General_Reference_Date', '2025-06-30', '2025-06-30'],
    ];
    await expect(classify('emt.xlsx', buildZip(workbookParts(rows)))).resolves.toEqual({
      documentType: 'findatex-emt',
      mediaType: XLSX,
      identifiers: { isin: ['LU0292097234', 'IE00B4L5Y983'] },
      period: { end: '2025-06-30' },
    });
  });

  it('recognises a TPT workbook with a header row', async () => {
    const rows = [
      [
        '1_Portfolio_identifying_data',
        '2_Type_of_identification_code_for_the_fund_share_or_portfolio',
        '6_Valuation_date',
        '12_CIC_code_of_the_instrument',
      ],
      ['SE0011337179', '1', '2025-08-29', 'NO21'],
      ['SE0011337179', '1', '2025-08-29', 'SE22'],
    ];
    await expect(classify('tpt.xlsx', buildZip(workbookParts(rows)))).resolves.toMatchObject({
      documentType: 'findatex-tpt',
      identifiers: { isin: ['SE0011337179'] },
      period: { end: '2025-08-29' },
    });
  });

  it('recognises a semicolon-separated TPT CSV', async () => {
    const csv =
      '1_Portfolio_identifying_data;3_Portfolio_name;6_Valuation_date;1000_TPT_Version\nSE0020552628;Captor Perenne;2025-08-29;V6.0\n';
    await expect(classify('tpt.csv', csv, 'text/csv')).resolves.toMatchObject({
      documentType: 'findatex-tpt',
      mediaType: 'text/csv',
      identifiers: { isin: ['SE0020552628'] },
      period: { end: '2025-08-29' },
    });
  });

  it('recognises a NAV CSV with a header, reading month-first dates the way the file shows them', async () => {
    const csv = 'Date,NAV,ISIN\n12/30/2024,10.21,US0378331005\n12/31/2024,10.25,US0378331005\n';
    await expect(classify('nav.csv', csv)).resolves.toEqual({
      documentType: 'nav-history',
      mediaType: 'text/csv',
      identifiers: { isin: ['US0378331005'] },
      period: { end: '2024-12-31' },
    });
  });

  it('keeps what it does not recognise, saying why', async () => {
    await expect(classify('notes.txt', 'Call with the manager on Tuesday.')).resolves.toEqual({
      documentType: 'unknown',
      mediaType: 'text/plain',
      identifiers: { isin: [] },
      reason: expect.any(String),
    });
    await expect(classify('deck.pdf', buildPdf({ text: 'Quarterly update' }))).resolves.toMatchObject({
      documentType: 'unknown',
      pages: 1,
    });
    await expect(classify('archive.zip', buildZip([{ name: 'a.txt', data: 'a' }]))).resolves.toMatchObject({
      documentType: 'unknown',
      mediaType: 'application/zip',
    });
  });
});
