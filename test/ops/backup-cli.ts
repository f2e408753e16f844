import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PG_URL } from '@fai/testing';

/** The built `npm run backup` / `npm run restore` CLI (run `npm run build` first when running a spec alone). */
const CLI = join(__dirname, '..', '..', 'ops', 'dist', 'backup-main.js');

export function backupCli(env: Record<string, string>, ...args: string[]) {
  const { NODE_OPTIONS: _jestOptions, ...inherited } = process.env;
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...inherited, ...env },
    encoding: 'utf8',
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** The test server's URL with another database name: the fresh target of a restore. */
export function databaseUrl(database: string): string {
  return PG_URL.replace(/\/[^/?]+(\?|$)/, `/${database}$1`);
}
