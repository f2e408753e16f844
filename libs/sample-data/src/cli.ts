#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { FaiError } from '@fai/contracts';
import {
  DEFAULT_LAST_PERIOD,
  DEFAULT_SEED,
  generateSamplePortfolio,
  writeSamplePortfolio,
} from './sample-portfolio';

const USAGE = `Usage: node libs/sample-data/dist/cli.js --funds <n> --out <dir> [options]

  --funds <n>            number of funds (required)
  --out <dir>            folder to write <period>/<fundId>/<file> and manifest.json into (required)
  --seed <text>          same seed, same bytes (default ${DEFAULT_SEED})
  --periods <list|n>     consecutive YYYY-MM months, comma-separated, or how many (default 2)
  --last-period <YYYY-MM> last month when --periods is a count (default ${DEFAULT_LAST_PERIOD})
  --no-factsheets        leave the factsheet PDFs out`;

/** `npm run sample-data -- --funds 5 --out out/sample`: writes a sample portfolio and its manifest. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      funds: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      periods: { type: 'string' },
      'last-period': { type: 'string' },
      'no-factsheets': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || !values.funds || !values.out) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const started = performance.now();
  const periods = values.periods?.includes('-')
    ? values.periods.split(',').map((p) => p.trim())
    : Number(values.periods ?? 2);
  const portfolio = await generateSamplePortfolio({
    funds: Number(values.funds),
    seed: values.seed ?? DEFAULT_SEED,
    periods,
    ...(values['last-period'] && { lastPeriod: values['last-period'] }),
    factsheets: !values['no-factsheets'],
  });
  const manifestPath = writeSamplePortfolio(resolve(values.out), portfolio);
  const { manifest } = portfolio;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `${portfolio.documents.length} documents for ${manifest.portfolio.funds.length} funds over ${manifest.generator.periods.join(', ')} in ${seconds} s`,
  );
  const { crossSourceConflict: conflict, missingArtefact: missing } = manifest.scenarios;
  if (conflict)
    console.log(
      `cross-source conflict: ${conflict.fundId} ${conflict.metric} N-PORT ${conflict.nport} vs factsheet ${conflict.factsheet}`,
    );
  if (missing)
    console.log(`missing artefact: ${missing.fundId} sends no ${missing.artefactType} for ${missing.period}`);
  console.log(`manifest: ${manifestPath}`);
}

main().catch((error: unknown) => {
  if (error instanceof FaiError) console.error(`${error.code}: ${error.message}\n${error.hint ?? ''}`);
  else console.error(error);
  process.exitCode = 1;
});
