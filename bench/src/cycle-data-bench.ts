import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  EXTRACTORS,
  type DocumentExtractor,
} from '@fai/extraction/dist/artefact-extraction/extractor-registry';
import {
  generateSamplePortfolio,
  type SampleArtefactType,
  type SampleDocument,
  type SamplePortfolio,
} from '@fai/sample-data';
import type { Figure } from './report';

/**
 * The data side of issue 8's cycle benchmark: a synthetic portfolio of `BENCH_FUNDS` funds (default
 * 1,000: about 4,000 artefacts, one period), how long the project takes to generate it, and how long
 * the extractors take to merely parse every artefact in one process. That parse time is the baseline
 * the whole cycle (upload to every memo drafted) is held to: at most twice as long.
 */
export const BENCH_FUNDS = Number(process.env.BENCH_FUNDS ?? 1000);
const MIB = 1024 * 1024;

interface Parsed {
  seconds: number;
  artefacts: number;
  claims: number;
  bytes: number;
}

/** What parsing every artefact in one process took: in all and per artefact type. */
export interface ParseAlone {
  seconds: number;
  cpuSeconds: string;
  total: Parsed;
  byType: Map<SampleArtefactType, Parsed>;
}

/** The benchmarks' portfolio: BENCH_FUNDS funds, one period, always the same bytes. */
export function benchPortfolio(): Promise<SamplePortfolio> {
  return generateSamplePortfolio({ funds: BENCH_FUNDS, seed: 'bench', periods: 1 });
}

/** Each document through its extractor in this process, one after another: issue 8's baseline. */
export async function parseAlone(documents: readonly SampleDocument[]): Promise<ParseAlone> {
  const extractorOf = (type: SampleArtefactType): DocumentExtractor => EXTRACTORS[type];
  // Hashes are the store's work, not parsing: computed before the clock starts.
  const inputs = documents.map((document) => ({
    document,
    artefact: { sha256: createHash('sha256').update(document.content).digest('hex'), version: 1 },
  }));
  await warmUp(documents, extractorOf);
  const byType = new Map<SampleArtefactType, Parsed>();
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (const { document, artefact } of inputs) {
    const before = performance.now();
    const result = await extractorOf(document.artefactType).extract(document.content, artefact);
    const parsed = byType.get(document.artefactType) ?? { seconds: 0, artefacts: 0, claims: 0, bytes: 0 };
    parsed.seconds += (performance.now() - before) / 1000;
    parsed.artefacts += 1;
    parsed.claims += result.claims.length;
    parsed.bytes += document.content.length;
    byType.set(document.artefactType, parsed);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuSecondsSince(cpu);
  const total = [...byType.values()].reduce((sum, p) => ({
    seconds: sum.seconds + p.seconds,
    artefacts: sum.artefacts + p.artefacts,
    claims: sum.claims + p.claims,
    bytes: sum.bytes + p.bytes,
  }));
  return { seconds, cpuSeconds, total, byType };
}

export async function cycleDataBench(): Promise<Figure[]> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const { documents } = await benchPortfolio();
  const generationSeconds = (performance.now() - started) / 1000;
  const generationCpu = cpuSecondsSince(cpu);
  const { seconds: parseSeconds, cpuSeconds: parseCpu, total, byType } = await parseAlone(documents);
  return [
    {
      name: `generate ${BENCH_FUNDS} funds, ${documents.length} artefacts (${fmtMiB(total.bytes)}; CPU ${generationCpu} s)`,
      value: generationSeconds,
      unit: 's',
    },
    {
      name: `parse all ${total.artefacts} artefacts in one process (issue 8 baseline; CPU ${parseCpu} s)`,
      value: parseSeconds,
      unit: 's',
    },
    { name: 'parse throughput', value: total.artefacts / parseSeconds, unit: 'artefacts/s' },
    {
      name: `claims extracted (${total.claims.toLocaleString('en-GB')})`,
      value: total.claims / parseSeconds,
      unit: 'claims/s',
    },
    ...[...byType].map(([type, p]) => ({
      name: `parse ${type} (${p.artefacts} × ${fmtMiB(p.bytes / p.artefacts)})`,
      value: (p.seconds * 1000) / p.artefacts,
      unit: 'ms/artefact',
    })),
  ];
}

/** One artefact of each type first: module loading (pdf.js) and JIT warm-up are not parse time. */
async function warmUp(
  documents: readonly SampleDocument[],
  extractorOf: (type: SampleArtefactType) => DocumentExtractor,
): Promise<void> {
  for (const type of new Set(documents.map((d) => d.artefactType))) {
    const document = documents.find((d) => d.artefactType === type)!;
    await extractorOf(type).extract(document.content, { sha256: 'warm-up', version: 1 });
  }
}

/** CPU time the process used since `start`: on a shared machine a fairer figure than wall time. */
function cpuSecondsSince(start: NodeJS.CpuUsage): string {
  const { user, system } = process.cpuUsage(start);
  return ((user + system) / 1e6).toFixed(1);
}

const fmtMiB = (bytes: number) =>
  bytes >= MIB ? `${(bytes / MIB).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`;
