import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FilesystemArtefactStore } from '@fai/artefact-store';
import { PgDatabase, PostgresEventStore, type NewEvent } from '@fai/event-store';
import { createTestSchema, PG_URL, uniqueName, type TestSchema } from '@fai/testing';
import { backupCli as cli, databaseUrl } from './backup-cli';

/**
 * The restore drill: back up a service schema and an artefact store with `npm run backup`, restore
 * them into a fresh database and directory with `npm run restore`, and prove nothing was lost.
 * Run `npm run build` first when running this file alone.
 */
const database = uniqueName('restore');
const targetUrl = databaseUrl(database);
let source: TestSchema;
let work: string;
let admin: PgDatabase;

const event = (n: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'DrillRecorded',
  schemaVersion: 1,
  data: { n },
  metadata: { correlationId: `drill-${n}` },
});

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'fai-backup-'));
  source = await createTestSchema('bk');
  const store = new PostgresEventStore(source.db, { schema: source.schema });
  await store.migrate();
  await store.append('fund-a', [event(1), event(2), event(3)], { expectedVersion: 'no_stream' });
  await store.append('fund-b', [event(4)], { expectedVersion: 'no_stream' });
  const artefacts = new FilesystemArtefactStore(join(work, 'artefacts'));
  for (const text of ['factsheet', 'nport filing']) {
    await artefacts.put(Readable.from([Buffer.from(text)]), { maxBytes: 1024 });
  }
  admin = new PgDatabase({ connectionString: PG_URL, max: 1 });
  await admin.query(`CREATE DATABASE ${database}`);
});

afterAll(async () => {
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.close();
  await source.drop();
  rmSync(work, { recursive: true, force: true });
});

describe('backup and restore drill', () => {
  it('restores into a fresh database and directory with every event, verified chains and every artefact', () => {
    const backup = cli(
      { FAI_PG_URL: PG_URL, FAI_SCHEMAS: source.schema, FAI_ARTEFACT_DIR: join(work, 'artefacts') },
      'backup',
      '--out',
      join(work, 'backup'),
    );
    expect(backup.err).toBe('');
    expect(JSON.parse(backup.out)).toMatchObject({
      schemas: [{ schema: source.schema, events: 4 }],
      artefacts: { file: 'artefacts.tar', count: 2 },
    });

    const restore = cli(
      { FAI_PG_URL: targetUrl, FAI_ARTEFACT_DIR: join(work, 'restored') },
      'restore',
      '--from',
      join(work, 'backup'),
    );
    expect(JSON.parse(restore.out)).toEqual({
      ok: true,
      restored: {
        schemas: [{ schema: source.schema, events: 4, chainsOk: true }],
        artefacts: { count: 2, corrupt: [] },
      },
      problems: [],
    });
    expect(restore.code).toBe(0);
    expect(readdirSync(join(work, 'restored'))).not.toContain('.incoming');
  });

  /** A restore of the drill's backup into the (by now restored) target; `into` names its artefact directory. */
  const restoreAgain = (into: string) =>
    cli(
      { FAI_PG_URL: targetUrl, FAI_ARTEFACT_DIR: join(work, into) },
      'restore',
      '--from',
      join(work, 'backup'),
    );

  it('refuses to restore over a database that already holds the schemas', () => {
    const again = restoreAgain('again');
    expect(again.code).toBe(2);
    expect(JSON.parse(again.err)).toMatchObject({
      code: 'RESTORE_TARGET_NOT_EMPTY',
      details: { schemas: [source.schema] },
    });
  });

  it('refuses a backup whose files no longer match its manifest', () => {
    expect(existsSync(join(work, 'backup', 'artefacts.tar'))).toBe(true);
    writeFileSync(join(work, 'backup', 'artefacts.tar'), 'damaged');
    const damaged = restoreAgain('damaged');
    expect(damaged.code).toBe(2);
    expect(JSON.parse(damaged.err)).toMatchObject({
      code: 'BACKUP_CORRUPT',
      details: { file: 'artefacts.tar' },
    });
  });
});
