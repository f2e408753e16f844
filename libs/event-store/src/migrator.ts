import { createHash } from 'node:crypto';
import type { SqlDatabase } from './sql';
import { ident } from './sql';

export interface Migration {
  version: number;
  name: string;
  /** SQL; `{{schema}}` stands for the quoted target schema, `{{schema_name}}` for its bare name. */
  sql: string;
}

export interface MigrationResult {
  applied: number[];
  alreadyApplied: number[];
}

/**
 * Applies versioned migrations once each. Safe to run from several replicas at once: every
 * runner takes the same transaction-level advisory lock, so one applies and the others then
 * find the versions recorded. A recorded migration whose SQL changed is refused, never re-run.
 */
export async function migrate(db: SqlDatabase, schema: string, migrations: Migration[]): Promise<MigrationResult> {
  const q = ident(schema);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`fai-migrations:${schema}`]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${q}`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${q}.schema_migrations (
         version int PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await tx.query<{ version: number; checksum: string }>(
      `SELECT version, checksum FROM ${q}.schema_migrations`,
    );
    const recorded = new Map(rows.map((row) => [Number(row.version), row.checksum]));
    const result: MigrationResult = { applied: [], alreadyApplied: [] };
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      const checksum = createHash('sha256').update(migration.sql).digest('hex');
      const previous = recorded.get(migration.version);
      if (previous !== undefined) {
        if (previous !== checksum) {
          throw new Error(
            `migration ${migration.version} (${migration.name}) in schema ${schema} was changed after it was applied; ` +
              'add a new migration instead of editing an applied one',
          );
        }
        result.alreadyApplied.push(migration.version);
        continue;
      }
      await tx.query(migration.sql.replaceAll('{{schema}}', q).replaceAll('{{schema_name}}', schema));
      await tx.query(`INSERT INTO ${q}.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)`, [
        migration.version,
        migration.name,
        checksum,
      ]);
      result.applied.push(migration.version);
    }
    return result;
  });
}
