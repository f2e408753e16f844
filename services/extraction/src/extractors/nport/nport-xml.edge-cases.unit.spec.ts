import { Readable } from 'node:stream';
import { ExtractionFailedError } from '../../claims/extraction-errors';
import { extractNport, type NportExtractionResult } from './nport-xml.extractor';

const ARTEFACT = { sha256: 'edge-cases', version: 1 };
const NPORT_NS = 'http://www.sec.gov/edgar/nport';

interface FilingParts {
  prolog?: string;
  namespace?: string;
  submissionType?: string;
  seriesName?: string;
  repPdDate?: string;
  totAssets?: string;
  netAssets?: string;
  holdings?: string[];
}

/** A minimal N-PORT shaped like EDGAR's output, with the parts a case needs to vary. */
function filing(parts: FilingParts = {}): string {
  const {
    prolog = '<?xml version="1.0" encoding="UTF-8"?>',
    namespace = NPORT_NS,
    submissionType = 'NPORT-P',
    seriesName = 'Example Series',
  } = parts;
  const holdings = parts.holdings ? `<invstOrSecs>${parts.holdings.join('')}</invstOrSecs>` : '';
  return `${prolog}<edgarSubmission xmlns="${namespace}" xmlns:ncom="http://www.sec.gov/edgar/nportcommon">
  <headerData><submissionType>${submissionType}</submissionType>
    <filerInfo><filer><issuerCredentials><cik>0000000001</cik><ccc>XXXXXXXX</ccc></issuerCredentials></filer></filerInfo></headerData>
  <formData>
    <genInfo><regName>Example Trust</regName><regCik>0000000001</regCik><seriesName>${seriesName}</seriesName>
      <seriesId>S000000001</seriesId><seriesLei>N/A</seriesLei><repPdEnd>2024-12-31</repPdEnd>${parts.repPdDate ?? '<repPdDate>2024-03-31</repPdDate>'}<isFinalFiling>N</isFinalFiling></genInfo>
    <fundInfo><totAssets>${parts.totAssets ?? '120.00'}</totAssets><totLiabs>20.00</totLiabs><netAssets>${parts.netAssets ?? '100.00'}</netAssets></fundInfo>
    ${holdings}
  </formData>
  <documents>XXXX</documents>
</edgarSubmission>`;
}

function holding(fields: { name?: string; isin?: string; valUSD?: string; pctVal?: string }): string {
  const isin = fields.isin ? `<identifiers><isin value="${fields.isin}"/></identifiers>` : '';
  const value = fields.valUSD ? `<valUSD>${fields.valUSD}</valUSD>` : '';
  return `<invstOrSec><name>${fields.name ?? 'Issuer'}</name><title>Issue</title><cusip>000000000</cusip>${isin}<balance>1</balance><units>NS</units><curCd>USD</curCd>${value}<pctVal>${fields.pctVal ?? '50'}</pctVal></invstOrSec>`;
}

async function failureOf(input: string): Promise<ExtractionFailedError> {
  const error = await extractNport(Buffer.from(input), ARTEFACT).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExtractionFailedError);
  return error as ExtractionFailedError;
}

const claim = (result: NportExtractionResult, metric: string) =>
  result.claims.find((c) => c.metric === metric);

describe('nport-xml extractor: refused input', () => {
  it('refuses a DOCTYPE with an external entity without resolving it', async () => {
    const input =
      '<?xml version="1.0"?><!DOCTYPE edgarSubmission [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
      `<edgarSubmission xmlns="${NPORT_NS}"><formData><genInfo><regName>&xxe;</regName></genInfo></formData></edgarSubmission>`;
    const error = await failureOf(input);
    expect(error.code).toBe('EXTRACTION_UNSAFE_XML');
    expect(JSON.stringify(error.toBody())).not.toContain('root:');
  });

  it('reports malformed XML with the line and column where reading stopped, counting the leading blank line', async () => {
    const error = await failureOf(
      `\n<?xml version="1.0"?>\n<edgarSubmission xmlns="${NPORT_NS}">\n  <formData></genInfo>\n</edgarSubmission>`,
    );
    expect(error.code).toBe('EXTRACTION_MALFORMED_XML');
    expect(error.diagnostics).toMatchObject({ extractorId: 'nport-xml', line: 4 });
    expect(error.diagnostics.column).toBeGreaterThan(0);
    expect(error.hint).toBeTruthy();
  });

  it('refuses a document outside the N-PORT namespace (an N-CEN)', async () => {
    const error = await failureOf(filing({ namespace: 'http://www.sec.gov/edgar/ncen' }));
    expect(error.code).toBe('EXTRACTION_UNSUPPORTED_LAYOUT');
    expect(error.diagnostics).toMatchObject({
      rootElement: 'edgarSubmission',
      rootNamespace: 'http://www.sec.gov/edgar/ncen',
    });
  });

  it.each([[''], ['\n\n  \n']])('refuses an empty artefact %j', async (input) => {
    expect((await failureOf(input)).code).toBe('EXTRACTION_EMPTY_ARTEFACT');
  });

  it('refuses a filing without a report date, since no claim could be dated', async () => {
    expect((await failureOf(filing({ repPdDate: '' }))).code).toBe('EXTRACTION_UNSUPPORTED_LAYOUT');
  });

  it('refuses an encoding it would misread', async () => {
    const error = await failureOf(filing({ prolog: '<?xml version="1.0" encoding="ISO-8859-1"?>' }));
    expect(error.code).toBe('EXTRACTION_UNSUPPORTED_ENCODING');
  });
});

describe('nport-xml extractor: what EDGAR produces', () => {
  it('claims a masked value as suppressed and an unreadable number as a blank with a warning', async () => {
    const result = await extractNport(
      Buffer.from(filing({ netAssets: 'XXXX', totAssets: '12,5' })),
      ARTEFACT,
    );
    expect(claim(result, 'fund.net_assets')).toMatchObject({
      value: null,
      blank: { kind: 'suppressed', reason: 'masked by EDGAR' },
    });
    expect(claim(result, 'fund.total_assets')).toMatchObject({
      value: null,
      blank: { kind: 'missing', reason: 'not a decimal number: "12,5"' },
    });
    expect(claim(result, 'fund.lei')).toMatchObject({
      value: null,
      blank: { kind: 'missing', reason: 'the filing states N/A' },
    });
    expect(result.warnings.map((w) => w.code)).toEqual(['NPORT_UNREADABLE_VALUES']);
    expect(result.coverage.missing).toEqual(
      expect.arrayContaining(['fund.net_assets', 'fund.total_assets', 'fund.lei']),
    );
  });

  it('marks an NPORT-P/A as an amendment while its claims stay what it says', async () => {
    const original = await extractNport(Buffer.from(filing()), ARTEFACT);
    const amendment = await extractNport(Buffer.from(filing({ submissionType: 'NPORT-P/A' })), ARTEFACT);
    expect(original.filing.isAmendment).toBe(false);
    expect(amendment.filing).toMatchObject({ submissionType: 'NPORT-P/A', isAmendment: true });
    expect(claim(amendment, 'fund.net_assets')?.value).toBe(claim(original, 'fund.net_assets')?.value);
  });

  it('warns when the filing has holdings but none of them gave a value', async () => {
    const result = await extractNport(
      Buffer.from(filing({ holdings: [holding({}), holding({})] })),
      ARTEFACT,
    );
    expect(result.warnings.map((w) => w.code)).toEqual(['NPORT_HOLDINGS_NOT_PARSED']);
  });

  it('warns when some holdings gave no value', async () => {
    const result = await extractNport(
      Buffer.from(filing({ holdings: [holding({ valUSD: '50' }), holding({})] })),
      ARTEFACT,
    );
    expect(result.warnings).toEqual([
      { code: 'NPORT_HOLDING_COUNT_MISMATCH', message: '1 of 2 invstOrSec elements gave no value (valUSD).' },
    ]);
  });

  it('does not warn about a portfolio whose weights add up to about 100 %', async () => {
    const holdings = [
      holding({ isin: 'US0000000001', valUSD: '49', pctVal: '49.1' }),
      holding({ isin: 'US0000000002', valUSD: '49', pctVal: '48.7' }),
    ];
    expect((await extractNport(Buffer.from(filing({ holdings })), ARTEFACT)).warnings).toEqual([]);
  });

  it('numbers holdings that share an identifier, in filing order', async () => {
    const holdings = [
      holding({ isin: 'US0000000001', valUSD: '1' }),
      holding({ isin: 'US0000000001', valUSD: '2' }),
      holding({ isin: 'US0000000002', valUSD: '3' }),
    ];
    const result = await extractNport(Buffer.from(filing({ holdings })), ARTEFACT);
    const subjects = result.claims
      .filter((c) => c.metric === 'holding.value')
      .map((c) => [c.subject, c.value]);
    expect(subjects).toEqual([
      ['isin:US0000000001#1', '1'],
      ['isin:US0000000001#2', '2'],
      ['isin:US0000000002', '3'],
    ]);
  });

  it('reads multi-byte characters split across one-byte chunks', async () => {
    const bytes = Buffer.from(filing({ seriesName: 'Société Générale € Fund' }));
    const oneByteChunks = Readable.from(Array.from(bytes, (byte) => Buffer.from([byte])));
    const result = await extractNport(oneByteChunks, ARTEFACT);
    expect(claim(result, 'fund.name')?.value).toBe('Société Générale € Fund');
  });
});
