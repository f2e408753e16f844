#!/usr/bin/env node
import { loadConfig } from '@fai/config';
import { createRegistry } from '@fai/contracts';
import { migrate, PgDatabase, PostgresEventStore } from '@fai/event-store';
import { PgAdvisoryLeaderLock } from '@fai/messaging';
import { EventCodec } from './infrastructure/event-codec';
import {
  READ_MODEL_MIGRATIONS,
  schedulerDataSource,
  schedulerProjectionRunner,
} from './infrastructure/read-models';
import { SchedulerConfig } from './scheduler.config';

const USAGE = 'usage: scheduler rebuild-projections [cycle_overview | run_timeline | portfolio_schedule ...]';

/**
 * `rebuild-projections [name ...]` (all when none is named): empties each read model and replays the
 * event log into it from position 0. With the scheduler running, its leading replica replays it
 * (within a second); with none running, this command does. Settings as the service's (FAI_PG_URL,
 * FAI_PG_SCHEMA).
 */
async function main(argv: string[]): Promise<number> {
  const [command, ...names] = argv;
  if (command !== 'rebuild-projections') {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig(SchedulerConfig);
  const db = new PgDatabase({ connectionString: config.FAI_PG_URL, max: 2 });
  const store = new PostgresEventStore(db, { schema: config.FAI_PG_SCHEMA });
  const dataSource = schedulerDataSource(config, db);
  try {
    await store.migrate();
    await migrate(db, config.FAI_PG_SCHEMA, READ_MODEL_MIGRATIONS);
    await dataSource.initialize();
    const codec = new EventCodec(createRegistry());
    const runner = schedulerProjectionRunner({
      config,
      dataSource,
      store,
      codec,
      // The running service's leader lock on the same key, so the two never replay at once.
      leaderLock: (key) =>
        new PgAdvisoryLeaderLock(
          { connectionString: config.FAI_PG_URL, connectionTimeoutMillis: 5_000 },
          key,
        ),
    });
    for (const projection of names.length > 0 ? names : runner.projectionNames) {
      const outcome = await runner.rebuild(projection);
      console.log(JSON.stringify({ command, projection, outcome }));
    }
    return 0;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
