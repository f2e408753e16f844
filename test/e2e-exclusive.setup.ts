import { PG_URL } from '@fai/testing';
import { Client } from 'pg';

/**
 * End-to-end files start real services whose JetStream streams capture the services' real subjects, and
 * two streams may not capture overlapping subjects: e2e files therefore run one at a time, while unit and
 * integration files keep the other Jest worker busy. A PostgreSQL session advisory lock on a fixed key,
 * held by a dedicated connection for the whole file, is the mutex shared by both workers.
 *
 * Root-level hooks run in declaration order, so this file's afterAll (declared first) runs before a test
 * file's own root-level afterAll: e2e files clean up in afterEach or in a describe block's afterAll.
 */
const E2E_LOCK_KEY = 0x0fa1e2e; // any fixed bigint; only e2e files take it
// Waiting for the other worker's e2e files (each a few minutes on this machine) to finish.
const LOCK_WAIT_MS = 30 * 60_000;

const holder = new Client({ connectionString: PG_URL, application_name: 'fai-e2e-exclusive' });

beforeAll(async () => {
  await holder.connect();
  await holder.query('SELECT pg_advisory_lock($1)', [E2E_LOCK_KEY]);
}, LOCK_WAIT_MS);

afterAll(async () => {
  // Closing the session releases the lock even if the unlock query fails.
  await holder.query('SELECT pg_advisory_unlock($1)', [E2E_LOCK_KEY]).finally(() => holder.end());
});
