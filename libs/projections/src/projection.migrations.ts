import type { Migration } from '@fai/event-store';

/*
 * Migration versions share one `schema_migrations` table per schema, so each set owns a range:
 * the event store 1-999, this library 1000-1999, a service's own read models from 2000 on.
 */

/** The checkpoint of every projection of the schema; applied with the event store's `migrate`. */
export const PROJECTION_MIGRATIONS: Migration[] = [
  {
    version: 1000,
    name: 'projection checkpoints',
    sql: `
CREATE TABLE {{schema}}.projection_checkpoints (
  name text PRIMARY KEY,
  transaction_id xid8 NOT NULL,
  position bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);`,
  },
];
