#!/usr/bin/env node
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FaiError } from '@fai/contracts';
import { generateSamplePortfolio, writeSamplePortfolio } from '@fai/sample-data';
import { writeDemoOutput } from './demo-output';
import { EmbeddedFai } from './embedded-fai';
import { MonthlyCycle, type PeriodOutcome } from './monthly-cycle';
import { progressLine } from './progress';

/*
 * `npm run demo [-- --out <folder>] [-- --funds <n>]`: FAI's main job on one machine with nothing
 * installed beside Node. Generates the sample portfolio (3 funds, two months), starts every cycle
 * service in this process on the embedded default, runs both monthly cycles from upload to
 * publication (four eyes: two demo users), and writes memos, evidence packs and a summary into the
 * folder it names at the end. Exit 0 when every fund of every period is published, 1 otherwise.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, funds: { type: 'string', default: '3' } },
  });
  const started = Date.now();
  const outDir = resolve(values.out ?? join('demo-output', new Date().toISOString().replace(/[:.]/g, '-')));
  const dataDir = join(outDir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const say = (line: string) => process.stdout.write(`${line}\n`);

  const sample = await generateSamplePortfolio({ funds: Number(values.funds) });
  writeSamplePortfolio(join(outDir, 'sample-documents'), sample);
  say(
    `sample portfolio ${sample.manifest.portfolio.portfolioId}: ${sample.manifest.portfolio.funds.length} funds, ${sample.documents.length} documents, periods ${sample.manifest.periods.map((p) => p.period).join(', ')}`,
  );

  const log = createWriteStream(join(outDir, 'demo.log'));
  say(
    'starting scheduler, ingest, extraction, validation, reporting and approval in this process (PGlite, in-process bus)',
  );
  const fai = await EmbeddedFai.start({ dataDir, logStream: log });
  fai.events.onEvent((event) => {
    const line = progressLine(event);
    if (line) say(line);
  });
  const periods: PeriodOutcome[] = [];
  try {
    const cycle = new MonthlyCycle(fai, sample, say);
    await cycle.setUp();
    for (const { period } of sample.manifest.periods) periods.push(await cycle.run(period));
  } finally {
    await fai.stop();
    log.end();
  }
  const summary = await writeDemoOutput({
    outDir,
    outputStoreDir: join(dataDir, 'outputs'),
    sample,
    periods,
    seconds: (Date.now() - started) / 1000,
    events: fai.events.events.length,
  });
  say('');
  say(
    `done in ${((Date.now() - started) / 1000).toFixed(0)} s: ${periods.reduce((n, p) => n + p.published.length, 0)} reports published`,
  );
  say(`memos, evidence packs and the summary are in ${outDir}`);
  say(`summary: ${summary}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const text = error instanceof FaiError ? `${error.code}: ${error.message}\n${error.hint}` : String(error);
    process.stderr.write(`the demo failed: ${text}\n`);
    process.exit(1);
  },
);
