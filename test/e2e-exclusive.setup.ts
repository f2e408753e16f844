import { holdSystemLock } from '@fai/testing';

/**
 * End-to-end files start real services whose JetStream streams capture the services' real subjects, and
 * two streams may not capture overlapping subjects: e2e files therefore run one at a time (and never beside
 * the cycle benchmark), while unit and integration files keep the other Jest worker busy. The system lock
 * (a PostgreSQL session advisory lock held for the whole file) is the mutex shared by both workers.
 *
 * Root-level hooks run in declaration order, so this file's afterAll (declared first) runs before a test
 * file's own root-level afterAll: e2e files clean up in afterEach or in a describe block's afterAll.
 */
// Waiting for the other worker's e2e files (each a few minutes on this machine) to finish.
const LOCK_WAIT_MS = 30 * 60_000;

let release: () => Promise<void>;

beforeAll(async () => {
  release = await holdSystemLock();
}, LOCK_WAIT_MS);

afterAll(() => release());
