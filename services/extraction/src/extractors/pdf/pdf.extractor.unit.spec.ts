import Decimal from 'decimal.js';
import type { Claim } from '../../claims/claim';
import { ExtractionFailedError } from '../../claims/extraction-errors';
import { createPdfResolver } from '../../claims/locators/pdf-resolver';
import { isKnownMetric } from '../../claims/metric-vocabulary';
import { describeWithRealFixtures, readRealFixture } from '../findatex/fixture-support.spec';
import {
  pdfFactsheetExtractor,
  pdfKiidExtractor,
  type PdfExtractionResult,
  type PdfExtractor,
} from './pdf.extractor';
import { normaliseText } from './text-normaliser';

const KIIDS = {
  '2019-05-28': 'kiid/lg-cash-trust-I-acc_GB00B0CNHB64_KIID_2019-05-28.pdf',
  '2020-02-11': 'kiid/lg-cash-trust-I-acc_GB00B0CNHB64_KIID_2020-02-11.pdf',
  '2020-12-29': 'kiid/lg-cash-trust-I-acc_GB00B0CNHB64_KIID_2020-12-29.pdf',
  '2021-02-15': 'kiid/lg-cash-trust-I-acc_GB00B0CNHB64_KIID_2021-02-15.pdf',
} as const;
const SBI = 'factsheet/sbi-flexicap-fund_factsheet_2025-12-31.pdf';
const SUNDARAM = 'factsheet/sundaram-multi-cap-fund_factsheet_2026-04.pdf';
const ARTEFACT = { sha256: '68bfcca08625392967bfb6e936e5192ab58081bb96517ea66533260318404ae6', version: 1 };

const results = new Map<string, Promise<PdfExtractionResult>>();
const extracted = (extractor: PdfExtractor, file: string) => {
  if (!results.has(file)) results.set(file, extractor.extract(readRealFixture(file), ARTEFACT));
  return results.get(file)!;
};
const only = (
  result: PdfExtractionResult,
  metric: string,
  filter: (c: Claim) => boolean = () => true,
): Claim => {
  const claims = result.claims.filter((c) => c.metric === metric && filter(c));
  expect(claims).toHaveLength(1);
  return claims[0];
};
const printed = (claim: Claim) => {
  if (claim.evidence.locator.kind !== 'pdf') throw new Error('expected a pdf locator');
  const { text, span } = claim.evidence.locator;
  return span ? text.slice(...span) : text;
};

/**
 * The box must hold the locator's text, and the printed span must say the claim's value — read here
 * independently of the extractor: digits without grouping, crores times 10^7, dates checked by the tests.
 */
async function expectLocatorsResolve(file: string, result: PdfExtractionResult): Promise<void> {
  const resolve = await createPdfResolver(readRealFixture(file));
  for (const claim of result.claims) {
    expect(isKnownMetric(claim.metric)).toBe(true);
    expect(claim.confidence).toBeLessThan(1);
    expect(claim.confidenceNote).toContain(result.layout);
    if (claim.evidence.locator.kind !== 'pdf') throw new Error('expected a pdf locator');
    const found = resolve(claim.evidence.locator);
    expect(normaliseText(found ?? '').text).toBe(normaliseText(claim.evidence.locator.text).text);
    const span = normaliseText(printed(claim)).text;
    if (claim.value === null || claim.unit === 'date') continue;
    if (['percent', 'ratio', 'INR'].includes(claim.unit)) {
      const digits = new Decimal(/-?\d[\d,]*(?:\.\d+)?/.exec(span)![0].replace(/,/g, ''));
      expect(digits.times(/Cr/.test(span) ? 1e7 : 1).equals(claim.value)).toBe(true);
    } else {
      expect(span).toBe(claim.value);
    }
  }
}

describeWithRealFixtures(
  'pdf-kiid on the four Legal & General Cash Trust KIIDs',
  Object.values(KIIDS),
  () => {
    it.each(Object.entries(KIIDS))(
      'reads the %s version: date, ISIN, ongoing charge 0.15 %% and risk category 1 from the filled box',
      async (date, file) => {
        const result = await extracted(pdfKiidExtractor, file);
        expect(result.layout).toBe('lg-kiid@1');
        expect(result.extractor).toEqual({ id: 'pdf-kiid', version: '1.0.0+lg-kiid@1' });
        const asOf = only(result, 'document.as_of_date');
        expect(asOf.value).toBe(date);
        expect(asOf.evidence.locator).toMatchObject({ kind: 'pdf', page: 2 });
        expect(printed(asOf)).toMatch(/^\d{1,2} [A-Z][a-z]+ 20\d{2}$/);
        expect(only(result, 'share_class.isin').value).toBe('GB00B0CNHB64');
        const ongoing = only(result, 'costs.ongoing_charges');
        expect(ongoing).toMatchObject({
          value: '0.15',
          unit: 'percent',
          asOf: date,
          shareClass: 'GB00B0CNHB64',
          fund: { isin: 'GB00B0CNHB64' },
        });
        expect(ongoing.evidence.locator).toMatchObject({ page: 2, text: '0.15' });
        const drawn = only(result, 'risk.srri', (c) => c.confidenceNote!.includes('«risk_category»'));
        expect(drawn).toMatchObject({ value: '1', confidence: 0.8 });
        expect(drawn.evidence.locator).toMatchObject({ page: 1, text: '1' });
        expect(drawn.confidenceNote).toContain('filled #0099cc');
        expect(
          result.claims.filter((c) => c.metric === 'risk.srri' && c.value === '1').length,
        ).toBeGreaterThanOrEqual(2);
        expect(result.warnings).toEqual([]);
        expect(result.coverage.found).toBe(result.coverage.expected);
      },
    );

    it('reads the past-performance figures printed under the bar chart, per calendar year', async () => {
      const first = await extracted(pdfKiidExtractor, KIIDS['2019-05-28']);
      const returns = first.claims.filter((c) => c.metric === 'performance.calendar_year_return');
      expect(returns.map((c) => [c.subject, c.value])).toEqual([
        ['2009', '0.7'],
        ['2010', '0.3'],
        ['2011', '0.4'],
        ['2012', '0.3'],
        ['2013', '0.2'],
        ['2014', '0.2'],
        ['2015', '0.2'],
        ['2016', '0.2'],
        ['2017', '0.2'],
        ['2018', '0.5'],
      ]);
      expect(returns[9]).toMatchObject({ asOf: '2018-12-31', unit: 'percent' });
      expect(first.claims.some((c) => c.metric === 'benchmark.calendar_year_return')).toBe(false);
      const latest = await extracted(pdfKiidExtractor, KIIDS['2021-02-15']);
      expect(only(latest, 'performance.calendar_year_return', (c) => c.subject === '2020').value).toBe('0.2');
      expect(only(latest, 'benchmark.calendar_year_return', (c) => c.subject === '2019').value).toBe('0.6');
    });

    it('resolves every claim of every version to the text in its box', async () => {
      for (const file of Object.values(KIIDS))
        await expectLocatorsResolve(file, await extracted(pdfKiidExtractor, file));
    });

    it('is deterministic: the same bytes give the same claims and ids', async () => {
      const again = await pdfKiidExtractor.extract(readRealFixture(KIIDS['2020-02-11']), ARTEFACT);
      expect(again.claims).toEqual((await extracted(pdfKiidExtractor, KIIDS['2020-02-11'])).claims);
    });
  },
);

describeWithRealFixtures('pdf-factsheet on the SBI and Sundaram factsheets', [SBI, SUNDARAM], () => {
  it('reads SBI Flexicap as on 31/12/2025: NAV per plan and option, AUM and AAUM as printed', async () => {
    const result = await extracted(pdfFactsheetExtractor, SBI);
    expect(result.layout).toBe('sbi-factsheet@1');
    expect(only(result, 'document.as_of_date').value).toBe('2025-12-31');
    const navs = result.claims.filter((c) => c.metric === 'nav.per_share');
    expect(navs.map((c) => [c.shareClass, c.value, c.unit])).toEqual([
      ['Reg-Plan-IDCW', '50.6204', 'INR'],
      ['Reg-Plan-Growth', '113.0485', 'INR'],
      ['Dir-Plan-IDCW', '63.3463', 'INR'],
      ['Dir-Plan-Growth', '126.7358', 'INR'],
    ]);
    expect(navs.every((c) => c.asOf === '2025-12-31' && c.fund.name === 'SBI Flexicap Fund')).toBe(true);
    const aum = only(result, 'fund.net_assets');
    expect(aum).toMatchObject({ value: '236864500000', unit: 'INR' });
    expect(printed(aum)).toBe('23,686.45 Crores');
    expect(printed(only(result, 'fund.average_net_assets'))).toBe('23,516.21 Crores');
    expect(only(result, 'risk.standard_deviation')).toMatchObject({ value: '11.00', unit: 'percent' });
    expect(only(result, 'risk.beta').value).toBe('0.83');
    expect(only(result, 'risk.sharpe_ratio').value).toBe('0.73');
    await expectLocatorsResolve(SBI, result);
  });

  it('reads Sundaram Multi Cap (April 2026, figures as of Mar 31, 2026): NAV grid and AUM as printed', async () => {
    const result = await extracted(pdfFactsheetExtractor, SUNDARAM);
    expect(result.layout).toBe('sundaram-factsheet@1');
    expect(only(result, 'document.as_of_date').value).toBe('2026-03-31');
    expect(
      result.claims.filter((c) => c.metric === 'nav.per_share').map((c) => [c.shareClass, c.value]),
    ).toEqual([
      ['Regular Growth', '333.92'],
      ['Direct Growth', '374.51'],
      ['Regular IDCW', '54.66'],
      ['Direct IDCW', '74.30'],
    ]);
    const aum = only(result, 'fund.net_assets');
    expect(aum).toMatchObject({
      value: '25250000000',
      unit: 'INR',
      fund: { name: 'Sundaram Multi Cap Fund' },
    });
    expect(aum.evidence.locator).toMatchObject({ page: 1, text: 'INR 2,525 Cr.', span: [4, 13] });
    expect(printed(only(result, 'fund.average_net_assets'))).toBe('2,653 Cr.');
    await expectLocatorsResolve(SUNDARAM, result);
  });

  it('refuses a factsheet handed to the KIID extractor: no KIID layout matches it', async () => {
    await expect(pdfKiidExtractor.extract(readRealFixture(SBI), ARTEFACT)).rejects.toMatchObject({
      code: 'EXTRACTION_UNSUPPORTED_LAYOUT',
    });
  });
});

/** A one-page PDF whose trailer names a standard-security /Encrypt dictionary that no empty password opens. */
function encryptedPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
    `<< /Filter /Standard /V 1 /R 2 /O <${'ab'.repeat(32)}> /U <${'cd'.repeat(32)}> /P -4 >>`,
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, index) => {
    const offset = body.length;
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<${'01'.repeat(16)}> <${'01'.repeat(16)}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

async function failure(bytes: Buffer): Promise<ExtractionFailedError> {
  const error = await pdfKiidExtractor.extract(bytes, ARTEFACT).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExtractionFailedError);
  return error as ExtractionFailedError;
}

describe('pdf extractors on files that are not readable documents', () => {
  it('fails a password-protected PDF as EXTRACTION_PDF_ENCRYPTED', async () => {
    const error = await failure(encryptedPdf());
    expect(error.code).toBe('EXTRACTION_PDF_ENCRYPTED');
    expect(error.hint).toContain('unprotected copy');
  });

  it('fails a non-PDF and an empty file as EXTRACTION_PDF_UNREADABLE', async () => {
    expect((await failure(Buffer.from('hello, not a pdf'))).code).toBe('EXTRACTION_PDF_UNREADABLE');
    expect((await failure(Buffer.alloc(0))).code).toBe('EXTRACTION_PDF_UNREADABLE');
  });
});

describeWithRealFixtures('pdf extractors on damaged real files', [KIIDS['2019-05-28']], () => {
  it('fails a truncated KIID as EXTRACTION_PDF_UNREADABLE', async () => {
    const whole = readRealFixture(KIIDS['2019-05-28']);
    for (const share of [0.1, 0.5, 0.9]) {
      expect((await failure(whole.subarray(0, Math.floor(whole.length * share)))).code).toBe(
        'EXTRACTION_PDF_UNREADABLE',
      );
    }
  });
});
