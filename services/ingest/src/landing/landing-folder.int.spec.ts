import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { navHistoryCsv, nportXml } from '../test/documents';
import { eventually, startIngest, until, type IngestHarness } from '../test/ingest-app.harness';
import { collectingPortfolio, FUND_8, PORTFOLIO } from '../test/scheduler-facts.fixture';

let h: IngestHarness;
let folder: (name: 'incoming' | 'processed' | 'rejected') => string;

beforeAll(async () => {
  h = await startIngest({ landing: true });
  for (const fact of collectingPortfolio()) await h.publish(fact);
  await until(
    async () => (await fetch(`${h.url}/runs/pf-001-2026-10-scheduled-run-1/inventory`)).ok,
    'the run inventory',
  );
  folder = (name) => join(h.landingDir, PORTFOLIO, name);
  await mkdir(folder('incoming'), { recursive: true });
});

afterAll(async () => {
  await h?.close();
});

const list = (path: string) => readdir(path).catch(() => [] as string[]);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('landing folder intake', () => {
  it('takes a complete file, moves it to processed with its intake beside it', async () => {
    await writeFile(join(folder('incoming'), 'nav.csv'), navHistoryCsv(FUND_8.isin));
    await eventually(
      () => list(folder('processed')),
      (names) => names.includes('nav.csv'),
      'nav.csv processed',
    );
    const intake = JSON.parse(await readFile(join(folder('processed'), 'nav.csv.intake.json'), 'utf8'));
    expect(intake).toMatchObject({ outcome: 'ingested', documentType: 'nav_history', fundId: FUND_8.fundId });
    expect(await list(folder('incoming'))).toEqual([]);
    const [event] = await eventually(
      () => h.busEvents('ArtefactIngested'),
      (events) => events.length === 1,
      'ArtefactIngested',
    );
    expect(event.data).toMatchObject({
      origin: `landing-folder:${PORTFOLIO}`,
      actor: 'system:landing-folder',
      sourceType: 'upload',
    });
  });

  it('leaves a file that is still being written until it is complete', async () => {
    const csv = navHistoryCsv(FUND_8.isin, '2026-10-31').replace('101.62', '101.99');
    const path = join(folder('incoming'), 'nav-late.csv');
    await writeFile(path, csv.slice(0, 40));
    // Several polls (100 ms) while the writer keeps going: never taken half-written.
    for (let i = 0; i < 5; i++) {
      await pause(150);
      await appendFile(path, csv.slice(40 + i * 5, 45 + i * 5));
    }
    expect(await list(folder('incoming'))).toEqual(['nav-late.csv']);
    await appendFile(path, csv.slice(65));
    await eventually(
      () => list(folder('processed')),
      (names) => names.includes('nav-late.csv'),
      'nav-late.csv processed',
    );
    const intake = JSON.parse(await readFile(join(folder('processed'), 'nav-late.csv.intake.json'), 'utf8'));
    expect(intake).toMatchObject({ outcome: 'ingested', version: 2, size: Buffer.byteLength(csv) });
  });

  it('moves a refused file to rejected with the error beside it, and skips files named as in progress', async () => {
    await writeFile(join(folder('incoming'), 'upload.csv.filepart'), 'half of a file');
    await writeFile(join(folder('incoming'), 'nport.xml'), nportXml());
    await eventually(
      () => list(folder('rejected')),
      (names) => names.includes('nport.xml'),
      'nport.xml rejected',
    );
    const error = JSON.parse(await readFile(join(folder('rejected'), 'nport.xml.error.json'), 'utf8'));
    expect(error).toMatchObject({
      code: 'ARTEFACT_UNKNOWN_FUND',
      message: expect.any(String),
      hint: expect.any(String),
    });
    expect(await list(folder('incoming'))).toEqual(['upload.csv.filepart']);
  });
});
