import { printFigures } from './report';
import { cycleDataBench } from './cycle-data-bench';
import { extractionBench } from './extraction-bench';
import { gatewayBench } from './gateway-bench';
import { messagingBench } from './messaging-bench';
import { storeBench } from './store-bench';

const SUITES = {
  store: { title: 'Event store (PostgreSQL)', run: storeBench },
  messaging: { title: 'Messaging (relay, JetStream, consumer)', run: messagingBench },
  extraction: { title: 'Extraction (each extractor over the fixtures)', run: extractionBench },
  cycleData: { title: 'Cycle data (sample portfolio: generation and parse baseline)', run: cycleDataBench },
  gateway: { title: 'Gateway reads (exception queue, open-model load)', run: gatewayBench },
};

/**
 * `npm run bench`: every benchmark in turn, figures printed beside their raw ceilings.
 * `BENCH_ONLY=store,messaging` runs a subset (repeat runs on a shared machine); `BENCH_RATE` sets the
 * arrival rate of the commit → handler latency run (default 1,000 events/s).
 */
async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
  console.log(`FAI benchmarks on ${new Date().toISOString()} (BENCH_SECONDS=${process.env.BENCH_SECONDS ?? 8})`);
  for (const [name, suite] of Object.entries(SUITES)) {
    if (!only || only.includes(name)) printFigures(suite.title, await suite.run());
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
