import { printFigures } from './report';
import { cycleBench } from './cycle-bench';
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
  // Only when named: seven service processes and the e2e files' system lock, for minutes to hours.
  cycle: {
    title: 'Cycle (sample portfolio from upload to every memo drafted, seven services as processes)',
    run: cycleBench,
    onlyWhenNamed: true,
  },
};

/**
 * `npm run bench`: every benchmark in turn, figures printed beside their raw ceilings.
 * `BENCH_ONLY=store,messaging` runs a subset (repeat runs on a shared machine); `BENCH_RATE` sets the
 * arrival rate of the commit → handler latency run (default 1,000 events/s; `BENCH_WARM_UP_SECONDS`, default 1,
 * of the same load go unmeasured first); the whole cycle runs only when
 * named (`BENCH_ONLY=cycle`; `BENCH_FUNDS`, `BENCH_CYCLE_TIMEOUT_S`, `BENCH_CYCLE_UPLOADS`, `BENCH_CYCLE_LOG_DIR`).
 */
async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
  console.log(
    `FAI benchmarks on ${new Date().toISOString()} (BENCH_SECONDS=${process.env.BENCH_SECONDS ?? 8})`,
  );
  for (const [name, suite] of Object.entries(SUITES)) {
    const selected = only ? only.includes(name) : !('onlyWhenNamed' in suite);
    if (selected) printFigures(suite.title, await suite.run());
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
