import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  EXTRACTORS,
  type DocumentExtractor,
} from '@fai/extraction/dist/artefact-extraction/extractor-registry';
import { SaxesParser } from 'saxes';
import type { Figure } from './report';

const REPO = resolve(__dirname, '../..');
const NPORT_DIR = join(REPO, 'services/extraction/test/fixtures/nport');
// The shared real-document fixtures sit beside the repository.
const SHARED = resolve(REPO, '../shared/fixtures/real');
const PIMCO = join(NPORT_DIR, 'pimco-low-duration-income_NPORT-P_2024-06-30.xml');
const SECONDS_PER_EXTRACTOR = Number(process.env.BENCH_SECONDS ?? 8) / 4;
const MIB = 1024 * 1024;

interface Workload {
  name: string;
  extractor: DocumentExtractor;
  files: string[];
}

function filesIn(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/** Every fixture per extractor; the shared real documents are left out when that folder is absent. */
function workloads(): Workload[] {
  return [
    { name: 'N-PORT XML', extractor: EXTRACTORS.nport, files: filesIn(NPORT_DIR, /\.xml$/) },
    {
      name: 'NAV history',
      extractor: EXTRACTORS.nav_history,
      files: filesIn(join(SHARED, 'nav'), /\.(csv|json)$/),
    },
    {
      name: 'FinDatEx TPT',
      extractor: EXTRACTORS.findatex_tpt,
      files: filesIn(join(SHARED, 'findatex/tpt'), /\.json$/),
    },
    {
      name: 'FinDatEx EPT',
      extractor: EXTRACTORS.findatex_ept,
      files: filesIn(join(SHARED, 'findatex/ept'), /\.xlsx$/),
    },
    { name: 'KIID PDF', extractor: EXTRACTORS.kiid, files: filesIn(join(SHARED, 'kiid'), /\.pdf$/) },
    {
      name: 'factsheet PDF',
      extractor: EXTRACTORS.factsheet,
      files: filesIn(join(SHARED, 'factsheet'), /\.pdf$/),
    },
  ].filter((workload) => workload.files.length > 0);
}

const artefactOf = (bytes: Buffer) => ({
  sha256: createHash('sha256').update(bytes).digest('hex'),
  version: 1,
});

/** Extracts every file of the workload in turn, for at least one pass and about SECONDS_PER_EXTRACTOR. */
async function throughput(workload: Workload): Promise<{ perSecond: number; mibPerSecond: number }> {
  const documents = workload.files.map((file) => {
    const bytes = readFileSync(file);
    return { bytes, artefact: artefactOf(bytes) };
  });
  for (const { bytes, artefact } of documents) await workload.extractor.extract(bytes, artefact); // warm-up
  let artefacts = 0;
  let bytesRead = 0;
  const started = performance.now();
  do {
    for (const { bytes, artefact } of documents) {
      await workload.extractor.extract(bytes, artefact);
      artefacts += 1;
      bytesRead += bytes.length;
    }
  } while (performance.now() - started < SECONDS_PER_EXTRACTOR * 1000);
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: artefacts / seconds, mibPerSecond: bytesRead / MIB / seconds };
}

/** The raw ceiling of N-PORT reading: the same SAX parser over the same bytes, doing nothing with them. */
function saxMibPerSecond(files: string[]): number {
  const texts = files.map((file) => readFileSync(file, 'utf8').trimStart());
  let bytes = 0;
  const started = performance.now();
  do {
    for (const text of texts) {
      new SaxesParser({ xmlns: true }).write(text).close();
      bytes += Buffer.byteLength(text);
    }
  } while (performance.now() - started < SECONDS_PER_EXTRACTOR * 1000);
  return bytes / MIB / ((performance.now() - started) / 1000);
}

interface MemoryReport {
  claims: number;
  peakRssMiB: number;
  heapTotalMiB: number;
  heapUsedWithClaimsMiB: number;
}

/** Peak memory while extracting the 3.6 MB PIMCO N-PORT, in a fresh process so nothing else counts. */
function pimcoMemory(): Promise<MemoryReport> {
  return new Promise((resolveReport, reject) => {
    const child = fork(__filename, ['--pimco-memory'], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (report) => resolveReport(report as MemoryReport));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`memory probe exited with ${code}`)));
  });
}

async function reportPimcoMemory(): Promise<void> {
  const bytes = readFileSync(PIMCO);
  const result = await EXTRACTORS.nport.extract(bytes, artefactOf(bytes));
  const afterRun = process.memoryUsage();
  (global as { gc?: () => void }).gc?.();
  const live = process.memoryUsage();
  const report: MemoryReport = {
    claims: result.claims.length,
    // maxRSS is the process's high-water mark in KiB: the true peak, whatever happened between samples.
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    heapTotalMiB: afterRun.heapTotal / MIB,
    heapUsedWithClaimsMiB: live.heapUsed / MIB,
  };
  // Exits once the report is sent: the IPC channel would otherwise keep the probe alive.
  process.send?.(report, () => process.exit(0));
}

export async function extractionBench(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const workload of workloads()) {
    const { perSecond, mibPerSecond } = await throughput(workload);
    const label = `${workload.name} (${workload.files.length} file${workload.files.length > 1 ? 's' : ''})`;
    figures.push({ name: `${label}, artefacts`, value: perSecond, unit: 'artefacts/s' });
    figures.push({
      name: `${label}, bytes`,
      value: mibPerSecond,
      unit: 'MB/s',
      ...(workload.extractor === EXTRACTORS.nport && { raw: saxMibPerSecond(workload.files) }),
    });
  }
  const memory = await pimcoMemory();
  figures.push(
    {
      name: `PIMCO N-PORT 3.6 MB (${memory.claims} claims), peak RSS`,
      value: memory.peakRssMiB,
      unit: 'MiB',
    },
    { name: 'PIMCO N-PORT, V8 heap reserved after extraction', value: memory.heapTotalMiB, unit: 'MiB' },
    {
      name: 'PIMCO N-PORT, heap in use with the claims held (after GC)',
      value: memory.heapUsedWithClaimsMiB,
      unit: 'MiB',
    },
  );
  return figures;
}

if (process.argv.includes('--pimco-memory')) {
  reportPimcoMemory().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
