export * from './types';
export * from './sql';
export * from './errors';
export * from './migrator';
export {
  EVENT_STORE_MIGRATIONS,
  PROCESSED_EVENTS_MIGRATION,
  RELAY_CHECKPOINTS_MIGRATION,
} from './event-store.migrations';
export { PgDatabase } from './pg-database';
export { PgliteDatabase } from './pglite-database';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres-event-store';
export { CatchUpSubscription, type GlobalLogSource } from './catch-up-subscription';
