import { eventStoreContract } from '../test/event-store-contract';
import { PgliteDatabase } from './pglite-database';
import { PostgresEventStore } from './postgres-event-store';

// The embedded default runs the same SQL in process: the same contract must hold. One PGlite
// instance (slow to start) serves the suite; each test gets its own schema.
let db: Promise<PgliteDatabase> | undefined;
let schemas = 0;
afterAll(async () => (await db)?.close());

eventStoreContract('PGlite (embedded)', async () => {
  const database = await (db ??= PgliteDatabase.open());
  const schema = `contract_${++schemas}`;
  const store = new PostgresEventStore(database, { schema });
  await store.migrate();
  return {
    store,
    db: database,
    close: async () => void (await database.query(`DROP SCHEMA ${schema} CASCADE`)),
  };
});
