#!/usr/bin/env node
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FaiError } from '@fai/contracts';
import { generateSamplePortfolio, writeSamplePortfolio } from '@fai/sample-data';
import { writeDemoOutput } from './demo-output';
import { EmbeddedFai } from './embedded-fai';
import { readCyclesThroughGateway } from './gateway-view';
import { MonthlyCycle, type PeriodOutcome } from './monthly-cycle';
import { progressLine } from './progress';

/*
 * `npm run demo [-- --out <folder>] [--funds <n>] [--serve] [--port <n>]`: FAI's main job on one
 * machine with nothing installed beside Node. Generates the sample portfolio (3 funds, two months),
 * starts every service in this process on the embedded default, runs both monthly cycles from upload
 * to publication (four eyes: two demo users), reads the result back through the gateway's API, and
 * writes memos, evidence packs and a summary into the folder it names at the end. `--serve` keeps
 * the services (and the gateway's API) running until Ctrl-C. Exit 0 when every fund of every period
 * is published, 1 otherwise.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      funds: { type: 'string', default: '3' },
      serve: { type: 'boolean', default: false },
      port: { type: 'string', default: '0' },
    },
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
  say('starting the seven services in this process (embedded default: PGlite, in-process bus and commands)');
  const fai = await EmbeddedFai.start({ dataDir, logStream: log, gatewayPort: Number(values.port) });
  fai.events.onEvent((event) => {
    const line = progressLine(event);
    if (line) say(line);
  });
  const periods: PeriodOutcome[] = [];
  try {
    const cycle = new MonthlyCycle(fai, sample, say);
    await cycle.setUp();
    for (const { period } of sample.manifest.periods) periods.push(await cycle.run(period));
    const views = await readCyclesThroughGateway(
      fai.gatewayUrl,
      sample,
      periods.map((period) => period.cycleId),
    );
    writeFileSync(join(outDir, 'gateway-cycles.json'), `${JSON.stringify(views, null, 2)}\n`);
    for (const view of views)
      say(
        `gateway: cycle ${view.cycleId} ${view.state}, ${view.outputs.filter((fund) => fund.state === 'published').length}/${view.outputs.length} funds published, submitted by ${view.assignments.submitters.join(', ')}, approved by ${view.assignments.approvers.join(', ')}`,
      );
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
    if (values.serve) await serveUntilInterrupted(fai.gatewayUrl, say);
  } finally {
    await fai.stop().finally(() => new Promise<void>((resolve) => log.end(resolve)));
  }
}

/** Keeps the services up for exploring the API; a development token comes from the gateway itself. */
async function serveUntilInterrupted(gatewayUrl: string, say: (line: string) => void): Promise<void> {
  say('');
  say(
    `the gateway's API is at ${gatewayUrl}/api/v1 (OpenAPI: ${gatewayUrl}/api/v1/openapi.json); Ctrl-C stops`,
  );
  say(
    `a token: curl -s -X POST ${gatewayUrl}/api/v1/dev/tokens -H 'content-type: application/json' -d '{"subject":"me","roles":["read-only"],"tenantId":"tenant-sample","portfolios":["sample-portfolio"]}'`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    const text = error instanceof FaiError ? `${error.code}: ${error.message}\n${error.hint}` : String(error);
    process.stderr.write(`the demo failed: ${text}\n`);
    process.exit(1);
  },
);
