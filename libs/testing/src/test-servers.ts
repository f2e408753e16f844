import { randomBytes } from 'node:crypto';
import { PgDatabase, ident } from '@fai/event-store';

/** The real servers every integration test talks to (the machine's PostgreSQL and NATS). */
export const PG_URL = process.env.FAI_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const NATS_URL = process.env.FAI_NATS_URL ?? 'nats://127.0.0.1:4222';

/** A name no other run uses: lower-case, safe as a SQL identifier and a JetStream name. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`.toLowerCase();
}

export interface TestSchema {
  schema: string;
  db: PgDatabase;
  drop(): Promise<void>;
}

/** A fresh schema on the real PostgreSQL, dropped (with everything in it) by `drop`. */
export async function createTestSchema(prefix = 't', poolSize = 10): Promise<TestSchema> {
  const schema = uniqueName(prefix);
  const db = new PgDatabase({ connectionString: PG_URL, max: poolSize });
  await db.query(`CREATE SCHEMA ${ident(schema)}`);
  return {
    schema,
    db,
    async drop() {
      await db.query(`DROP SCHEMA IF EXISTS ${ident(schema)} CASCADE`);
      await db.close();
    },
  };
}
