import { randomUUID } from 'node:crypto';
import { migrate, PostgresEventStore, type RecordedEvent } from '@fai/event-store';
import { PgAdvisoryLeaderLock } from '@fai/messaging';
import { createTestSchema, PG_URL, type TestSchema } from '@fai/testing';
import { Column, Entity, PrimaryColumn, type DataSource, type EntityManager } from 'typeorm';
import type { Projection } from './projection';
import { PROJECTION_MIGRATIONS } from './projection.migrations';
import { ProjectionRunner } from './projection-runner';
import { readModelDataSource } from './read-model-data-source';

@Entity({ name: 'tally' })
class Tally {
  @PrimaryColumn({ type: 'text' })
  streamId!: string;

  @Column({ type: 'int' })
  count!: number;
}

/** Counts `Counted` events per stream; applying one twice would show as a wrong count. */
const tally: Projection = {
  name: 'tally',
  entities: [Tally],
  handles: (type) => type === 'Counted',
  async apply(event: RecordedEvent, manager: EntityManager) {
    const table = manager.connection.getMetadata(Tally).tablePath;
    await manager.query(
      `INSERT INTO ${table} AS t ("streamId", count) VALUES ($1, 1)
       ON CONFLICT ("streamId") DO UPDATE SET count = t.count + 1`,
      [event.streamId],
    );
  },
};

const TALLY_MIGRATION = {
  version: 2000,
  name: 'tally',
  sql: 'CREATE TABLE {{schema}}.tally ("streamId" text PRIMARY KEY, count int NOT NULL);',
};

let test: TestSchema;
let store: PostgresEventStore;
let dataSource: DataSource;
const runners: ProjectionRunner[] = [];

beforeEach(async () => {
  test = await createTestSchema('proj');
  store = new PostgresEventStore(test.db, { schema: test.schema });
  await store.migrate();
  await migrate(test.db, test.schema, [...PROJECTION_MIGRATIONS, TALLY_MIGRATION]);
  dataSource = readModelDataSource({ url: PG_URL, schema: test.schema, entities: [Tally], poolSize: 3 });
  await dataSource.initialize();
});

afterEach(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.stop()));
  await dataSource.destroy();
  await test.drop();
});

function runner(): ProjectionRunner {
  const created = new ProjectionRunner({
    name: 'test',
    schema: test.schema,
    dataSource,
    store,
    lock: new PgAdvisoryLeaderLock({ connectionString: PG_URL }, `${test.schema}:projections:test`),
    projections: [tally],
    pollIntervalMs: 100,
    standbyRetryMs: 100,
  });
  runners.push(created);
  return created;
}

async function append(streamId: string, count: number, type = 'Counted'): Promise<void> {
  for (let i = 0; i < count; i++) {
    await store.append(
      streamId,
      [{ eventId: randomUUID(), type, schemaVersion: 1, data: {}, metadata: { correlationId: 'c' } }],
      { expectedVersion: 'any' },
    );
  }
}

async function counts(): Promise<Record<string, number>> {
  const rows: Tally[] = await dataSource.getRepository(Tally).find({ order: { streamId: 'ASC' } });
  return Object.fromEntries(rows.map((row) => [row.streamId, row.count]));
}

/** `expected` lists streams in alphabetical order. */
async function until(expected: Record<string, number>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = await counts();
  while (JSON.stringify(seen) !== JSON.stringify(expected)) {
    if (Date.now() > deadline)
      throw new Error(`read model is ${JSON.stringify(seen)}, expected ${JSON.stringify(expected)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    seen = await counts();
  }
}

describe('ProjectionRunner', () => {
  it('catches up, follows the log live, and resumes from its checkpoint without applying anything twice', async () => {
    await append('a', 3);
    await append('a', 1, 'Ignored');
    const first = runner();
    await first.start();
    await until({ a: 3 });
    await append('b', 2);
    await until({ a: 3, b: 2 });
    await first.stop();

    await append('a', 1);
    await runner().start();
    await until({ a: 4, b: 2 });
  });

  it('runs one leader among instances; the standby takes over when the leader stops', async () => {
    const [leader, standby] = [runner(), runner()];
    await leader.start();
    await standby.start();
    await append('a', 5);
    await until({ a: 5 });
    await leader.stop();
    await append('a', 5);
    await until({ a: 10 });
  });

  it('rebuilds from position 0: by itself when nobody leads, through the leader when one does', async () => {
    await append('a', 4);
    const idle = runner();
    await idle.start();
    await until({ a: 4 });
    await idle.stop();
    await dataSource.query(`UPDATE ${test.schema}.tally SET count = 99`);

    expect(await runner().rebuild('tally')).toBe('replayed');
    expect(await counts()).toEqual({ a: 4 });

    const leader = runner();
    await leader.start();
    await append('b', 1);
    await until({ a: 4, b: 1 });
    await dataSource.query(`UPDATE ${test.schema}.tally SET count = 99`);
    expect(await runner().rebuild('tally')).toBe('left_to_leader');
    await until({ a: 4, b: 1 });
  });
});
