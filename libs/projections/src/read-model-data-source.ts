import { migrate, PgliteDatabase, type Migration, type SqlDatabase } from '@fai/event-store';
import { DataSource } from 'typeorm';
import { pgliteDriver } from './pglite-pg-driver';
import type { ReadModelEntity } from './projection';

interface ReadModelDataSourceBase {
  /** The service's own schema: entities without a schema of their own live there. */
  schema: string;
  entities: readonly ReadModelEntity[];
  /** Shown in pg_stat_activity (PostgreSQL server only). */
  applicationName?: string;
  /** Connections; default 4 (the event store has a pool of its own). PostgreSQL server only. */
  poolSize?: number;
}

/** Embedded: the read models share the event store's PGlite session; a URL, if given, is not used. */
interface EmbeddedReadModelDataSourceOptions extends ReadModelDataSourceBase {
  database: PgliteDatabase;
  url?: string;
}

/** On a PostgreSQL server, through a pool of its own (the event store's database is not used). */
interface ServerReadModelDataSourceOptions extends ReadModelDataSourceBase {
  /** PostgreSQL URL, e.g. the service's FAI_PG_URL. */
  url: string;
  database?: SqlDatabase;
}

export type ReadModelDataSourceOptions =
  EmbeddedReadModelDataSourceOptions | ServerReadModelDataSourceOptions;

/**
 * A TypeORM DataSource over a service's read models. Tables come from versioned migrations run with
 * the event store's `migrate`, never from TypeORM: `synchronize` stays off. Call `initialize()`.
 */
export function readModelDataSource(options: ReadModelDataSourceOptions): DataSource {
  const common = {
    type: 'postgres' as const,
    schema: options.schema,
    entities: [...options.entities],
    synchronize: false,
    migrationsRun: false,
    logging: false,
  };
  if (isEmbedded(options)) return new DataSource({ ...common, driver: pgliteDriver(options.database) });
  return new DataSource({
    ...common,
    url: options.url,
    applicationName: options.applicationName,
    poolSize: options.poolSize ?? 4,
  });
}

function isEmbedded(options: ReadModelDataSourceOptions): options is EmbeddedReadModelDataSourceOptions {
  return options.database instanceof PgliteDatabase;
}

/**
 * Creates or updates a service's read-model tables (versioned migrations, with the event store's
 * `migrate`) and opens their data source; resolves to its closing, so it serves as a start step.
 */
export async function openReadModels(
  db: SqlDatabase,
  schema: string,
  migrations: Migration[],
  dataSource: DataSource,
): Promise<() => Promise<void>> {
  await migrate(db, schema, migrations);
  if (!dataSource.isInitialized) await dataSource.initialize();
  return () => dataSource.destroy();
}
