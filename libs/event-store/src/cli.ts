#!/usr/bin/env node
import { PgDatabase } from './pg-database';
import { PostgresEventStore } from './postgres-event-store';

/**
 * `migrate`: applies the store's migrations (also done on every service start-up).
 * `verify [stream-id]`: re-checks the hash chains and prints the first tampered event per
 * stream; exits 1 when any is found, so it can gate a restore drill or a cron job.
 */
async function main(argv: string[]): Promise<number> {
  const [command, streamId] = argv;
  const schema = process.env.FAI_PG_SCHEMA;
  if (!schema || !['migrate', 'verify'].includes(command)) {
    console.error(
      'usage: FAI_PG_SCHEMA=<service schema, e.g. scheduler> event-store migrate | verify [stream-id]   (env FAI_PG_URL)',
    );
    return 2;
  }
  const db = new PgDatabase({ connectionString: process.env.FAI_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' });
  const store = new PostgresEventStore(db, { schema });
  try {
    switch (command) {
      case 'migrate': {
        const result = await store.migrate();
        console.log(JSON.stringify({ command, ...result }));
        return 0;
      }
      case 'verify': {
        const report = await store.verify(streamId);
        console.log(JSON.stringify(report, null, 2));
        return report.ok ? 0 : 1;
      }
      default:
        return 2;
    }
  } finally {
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
