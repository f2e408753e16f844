import { printFigures } from './report';
import { extractionBench } from './extraction-bench';
import { messagingBench } from './messaging-bench';
import { storeBench } from './store-bench';

/** `npm run bench`: every benchmark in turn, figures printed beside their raw ceilings. */
async function main(): Promise<void> {
  console.log(`FAI benchmarks on ${new Date().toISOString()} (BENCH_SECONDS=${process.env.BENCH_SECONDS ?? 8})`);
  printFigures('Event store (PostgreSQL)', await storeBench());
  printFigures('Messaging (relay, JetStream, consumer)', await messagingBench());
  printFigures('Extraction (each extractor over the fixtures)', await extractionBench());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
