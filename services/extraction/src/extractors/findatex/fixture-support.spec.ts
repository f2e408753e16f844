import Decimal from 'decimal.js';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import yauzl from 'yauzl';
import type { Claim } from '../../claims/claim';
import { metricDefinition } from '../../claims/metric-vocabulary';

// Helpers shared by the FinDatEx and PDF specs (this file holds no tests of its own).

/** The shared real documents live beside the repository (`<repo>/../shared/fixtures/real`), not in it. */
export const REAL_FIXTURES = resolve(__dirname, '../../../../../../shared/fixtures/real');

export const realFixture = (relativePath: string): string => resolve(REAL_FIXTURES, relativePath);
export const readRealFixture = (relativePath: string): Buffer => readFileSync(realFixture(relativePath));

/** `describe` when every file is there, otherwise a skipped block that says which file is missing. */
export function describeWithRealFixtures(name: string, files: readonly string[], body: () => void): void {
  const missing = files.filter((file) => !existsSync(realFixture(file)));
  if (missing.length === 0) return describe(name, body);
  console.warn(`Skipping "${name}": real fixtures absent (${missing.join(', ')}) under ${REAL_FIXTURES}`);
  describe.skip(`${name} [skipped: real fixtures absent under ${REAL_FIXTURES}]`, body);
}

/** What a locator gives back must be what the claim says, compared without the extractor's reader. */
export function expectSourceGivesValue(source: string | null, claim: Claim): void {
  if (claim.value === null) {
    expect(['', '""', 'N/A'].includes(source?.trim() ?? '')).toBe(true);
    return;
  }
  expect(source).not.toBeNull();
  const type = metricDefinition(claim.metric)?.valueType;
  if (type === 'decimal')
    expect(new Decimal(source!.trim().replace(',', '.')).equals(claim.value)).toBe(true);
  else if (type === 'date') expect(source!.trim().slice(0, 10)).toBe(claim.value);
  else expect(source!.trim()).toBe(claim.value);
}

/** One entry of a zip (e.g. an XLSX part) as text, for reading official templates without a workbook reader. */
export function readZipEntry(zip: Buffer, name: string): Promise<string> {
  return new Promise((done, fail) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => {
      if (error || !file) return fail(error);
      file.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return file.readEntry();
        file.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return fail(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            file.close();
            done(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      file.on('end', () => fail(new Error(`no ${name} in the archive`)));
      file.readEntry();
    });
  });
}

/** Field names (`00010_Financial_Instrument_Identifying_Data`) an official XLSX template lists. */
export async function officialFieldNames(templateXlsx: Buffer): Promise<string[]> {
  const strings = await readZipEntry(templateXlsx, 'xl/sharedStrings.xml');
  return [...new Set([...strings.matchAll(/>(\d{5}_[A-Za-z0-9_-]+)</g)].map((m) => m[1]))];
}
