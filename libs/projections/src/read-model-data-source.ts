import { DataSource } from 'typeorm';
import type { ReadModelEntity } from './projection';

export interface ReadModelDataSourceOptions {
  /** PostgreSQL URL, e.g. the service's FAI_PG_URL. */
  url: string;
  /** The service's own schema: entities without a schema of their own live there. */
  schema: string;
  entities: readonly ReadModelEntity[];
  /** Shown in pg_stat_activity. */
  applicationName?: string;
  /** Connections; default 4 (the event store has a pool of its own). */
  poolSize?: number;
}

/**
 * A TypeORM DataSource over a service's read models. Tables come from versioned migrations run with
 * the event store's `migrate`, never from TypeORM: `synchronize` stays off. Call `initialize()`.
 */
export function readModelDataSource(options: ReadModelDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: [...options.entities],
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName: options.applicationName,
    poolSize: options.poolSize ?? 4,
  });
}
