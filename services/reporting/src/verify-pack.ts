#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { FaiError } from '@fai/contracts';
import { verifyEvidencePack } from './pack/pack-verify';

/*
 * `node services/reporting/dist/verify-pack.js <pack.zip> [--manifest-sha256 <hex>]`
 * (`npm run verify-pack -w @fai/reporting -- <pack.zip>`): re-checks an evidence pack offline.
 * Exit 0 with a one-line summary, 1 with the first problem, 2 on a usage error.
 */
async function main(args: string[]): Promise<number> {
  const [path, flag, expected] = args;
  if (!path || (flag !== undefined && (flag !== '--manifest-sha256' || !expected))) {
    process.stderr.write('usage: verify-pack <pack.zip> [--manifest-sha256 <hex>]\n');
    return 2;
  }
  try {
    const result = await verifyEvidencePack(await readFile(path), expected);
    process.stdout.write(
      `ok ${result.packId}: manifest ${result.manifestSha256}, ${result.files} files, ${result.artefacts} artefacts, ${result.figures} figures, evidence coverage ${result.evidenceCoverage}\n`,
    );
    return 0;
  } catch (error) {
    const body = error instanceof FaiError ? `${error.code}: ${error.message}` : String(error);
    process.stderr.write(`${body}\n`);
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
