#!/usr/bin/env node
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { FaiError } from '@fai/contracts';
import { ident, PgDatabase, PostgresEventStore, type SqlExecutor } from '@fai/event-store';
import {
  ARTEFACTS_FILE,
  isArtefactPath,
  MANIFEST_FILE,
  OUTPUTS_FILE,
  POSTGRES_DUMP_FILE,
  restoreProblems,
  type BackupManifest,
  type RestoredState,
  type RestoredStore,
  type SchemaCount,
  type StoreCopy,
} from './backup/backup-manifest';
import { type BackupSettings, backupSettingsFromEnv } from './backup/backup-settings';
import { provePublishedOutputs } from './backup/published-outputs';
import { OpsConfigError } from './ops-errors';

/**
 * `npm run backup -- --out <dir>`: pg_dump of the service schemas, then a tar of the filesystem artefact
 * store and one of reporting's output store, then manifest.json. The dump comes first: artefacts and
 * outputs are content-addressed and written before the event naming them commits, and never change, so
 * every file the dump refers to is already there when the files are copied (later ones are harmless extras).
 *
 * `npm run restore -- --from <dir>`: into a fresh database (FAI_PG_URL) and artefact and output
 * directories, then proves nothing was lost: each schema's event count, its hash chains (the event
 * store's verify), every stored file's content against its name, and every published report
 * (published-outputs.ts). Exit 1 with the problems otherwise; 2 on a published output that differs.
 *
 * Settings: FAI_PG_URL, FAI_SCHEMAS (default every service), FAI_ARTEFACT_DIR and FAI_OUTPUT_DIR (unset:
 * no such files), FAI_REPORTING_SCHEMA (reporting's schema, default `reporting`).
 * Needs pg_dump / pg_restore of the server's major version and tar on the PATH.
 */

const run = promisify(execFile);
async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

async function eventCounts(query: SqlExecutor['query'], schemas: string[]): Promise<SchemaCount[]> {
  const counts: SchemaCount[] = [];
  for (const schema of schemas) {
    const { rows } = await query<{ events: string }>(
      `SELECT count(*)::text AS events FROM ${ident(schema)}.events`,
    );
    counts.push({ schema, events: Number(rows[0].events) });
  }
  return counts;
}

export async function backup(settings: BackupSettings, out: string): Promise<BackupManifest> {
  await mkdir(out, { recursive: true });
  const dump = join(out, POSTGRES_DUMP_FILE);
  const db = new PgDatabase({ connectionString: settings.pgUrl, max: 1 });
  try {
    // The counts and pg_dump read one snapshot, exported by this transaction and held until the dump ends.
    const schemas = await db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const { rows } = await tx.query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot');
      const counts = await eventCounts(tx.query.bind(tx), settings.schemas);
      await run('pg_dump', [
        '--format=custom',
        '--no-owner',
        `--snapshot=${rows[0].snapshot}`,
        ...settings.schemas.map((schema) => `--schema=${schema}`),
        `--file=${dump}`,
        `--dbname=${settings.pgUrl}`,
      ]);
      return counts;
    });
    const manifest: BackupManifest = {
      createdAt: new Date().toISOString(),
      schemas,
      postgresDump: { file: POSTGRES_DUMP_FILE, sha256: await sha256Of(dump) },
    };
    if (settings.artefactDir)
      manifest.artefacts = await archiveStore(settings.artefactDir, out, ARTEFACTS_FILE);
    if (settings.outputDir) manifest.outputs = await archiveStore(settings.outputDir, out, OUTPUTS_FILE);
    await writeFile(join(out, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } finally {
    await db.close();
  }
}

/** Tars a content-addressed filesystem store's content files (not its temporary ones). */
async function archiveStore(dir: string, out: string, file: string): Promise<StoreCopy> {
  const files = (await filesUnder(dir)).filter(isArtefactPath).sort();
  const list = join(out, `${file}.list`);
  await writeFile(list, files.map((path) => `${path}\n`).join(''));
  await run('tar', ['-cf', join(out, file), '-C', dir, '-T', list]);
  return { file, sha256: await sha256Of(join(out, file)), count: files.length };
}

/** The directory a store copy is restored into, named by `setting`. */
function targetDir(copy: StoreCopy, setting: string, dir?: string): string {
  if (dir) return dir;
  throw new OpsConfigError(
    setting,
    `is required: the backup holds ${copy.file}`,
    'Name the (empty) directory to restore it into.',
  );
}

/** Untars a store copy into `dir` and checks every file against its name. */
async function restoreStore(from: string, copy: StoreCopy, dir: string): Promise<RestoredStore> {
  await mkdir(dir, { recursive: true });
  await run('tar', ['-xf', join(from, copy.file), '-C', dir]);
  const files = (await filesUnder(dir)).filter(isArtefactPath);
  const corrupt: string[] = [];
  for (const file of files) {
    if ((await sha256Of(join(dir, file))) !== file.slice(3)) corrupt.push(file);
  }
  return { count: files.length, corrupt };
}

export class BackupCorruptError extends FaiError {
  constructor(file: string) {
    super({
      code: 'BACKUP_CORRUPT',
      message: `${file} does not hash to what the backup's manifest recorded`,
      hint: 'The copy was damaged after the backup: restore from another backup.',
      details: { file },
    });
  }
}

export class RestoreTargetNotEmptyError extends FaiError {
  constructor(schemas: string[]) {
    super({
      code: 'RESTORE_TARGET_NOT_EMPTY',
      message: `the target database already has schema(s) ${schemas.join(', ')}`,
      hint: 'Restore into a fresh database (createdb), never over a live one; FAI_PG_URL names the target.',
      details: { schemas },
    });
  }
}

export async function restore(
  settings: Omit<BackupSettings, 'schemas'>,
  from: string,
): Promise<{ manifest: BackupManifest; restored: RestoredState }> {
  const manifest = JSON.parse(await readFile(join(from, MANIFEST_FILE), 'utf8')) as BackupManifest;
  const copies = [manifest.postgresDump, manifest.artefacts, manifest.outputs].filter(
    (copy) => copy !== undefined,
  );
  for (const copy of copies) {
    if ((await sha256Of(join(from, copy.file))) !== copy.sha256) throw new BackupCorruptError(copy.file);
  }
  const schemas = manifest.schemas.map((count) => count.schema);
  const db = new PgDatabase({ connectionString: settings.pgUrl, max: 2 });
  try {
    const { rows } = await db.query<{ name: string }>(
      'SELECT nspname AS name FROM pg_namespace WHERE nspname = ANY($1) ORDER BY 1',
      [schemas],
    );
    if (rows.length > 0) throw new RestoreTargetNotEmptyError(rows.map((row) => row.name));
    await run('pg_restore', [
      '--no-owner',
      '--exit-on-error',
      `--dbname=${settings.pgUrl}`,
      join(from, manifest.postgresDump.file),
    ]);
    const counts = await eventCounts(db.query.bind(db), schemas);
    const restored: RestoredState = {
      schemas: await Promise.all(
        counts.map(async (count) => ({
          ...count,
          chainsOk: (await new PostgresEventStore(db, { schema: count.schema }).verify()).ok,
        })),
      ),
    };
    if (manifest.artefacts) {
      const dir = targetDir(manifest.artefacts, 'FAI_ARTEFACT_DIR', settings.artefactDir);
      restored.artefacts = await restoreStore(from, manifest.artefacts, dir);
    }
    if (manifest.outputs) {
      const dir = targetDir(manifest.outputs, 'FAI_OUTPUT_DIR', settings.outputDir);
      restored.outputs = await restoreStore(from, manifest.outputs, dir);
      // Reporting's publications are provable only with its output store beside its schema.
      if (schemas.includes(settings.reportingSchema)) {
        restored.published = await provePublishedOutputs(db.query.bind(db), settings.reportingSchema, dir);
      }
    }
    return { manifest, restored };
  } finally {
    await db.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { out: { type: 'string' }, from: { type: 'string' } },
  });
  const settings = backupSettingsFromEnv(process.env);
  if (command === 'backup' && values.out) {
    const manifest = await backup(settings, values.out);
    console.log(JSON.stringify(manifest));
    return 0;
  }
  if (command === 'restore' && values.from) {
    if (!existsSync(join(values.from, MANIFEST_FILE))) {
      throw new OpsConfigError(
        '--from',
        `holds no ${MANIFEST_FILE}`,
        'Name a directory written by npm run backup.',
      );
    }
    const { manifest, restored } = await restore(settings, values.from);
    const problems = restoreProblems(manifest, restored);
    console.log(JSON.stringify({ ok: problems.length === 0, restored, problems }));
    return problems.length === 0 ? 0 : 1;
  }
  throw new OpsConfigError(
    'command',
    'must be `backup --out <dir>` or `restore --from <dir>`',
    'npm run backup -- --out /backups/2026-11-22',
  );
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error instanceof FaiError ? JSON.stringify(error.toBody()) : error);
      process.exitCode = 2;
    },
  );
}
