import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestSchema, PG_URL, type TestSchema } from '@fai/testing';
import { eventStoreContract } from '../test/event-store-contract';
import { PostgresEventStore } from './postgres-event-store';
import { StreamVersionConflictError } from './errors';
import { migrate } from './migrator';
import { EVENT_STORE_MIGRATIONS } from './event-store.migrations';
import { START, type NewEvent, type RecordedEvent } from './types';
import { PgDatabase } from './pg-database';

const event = (n: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'TestHappened',
  schemaVersion: 1,
  data: { n },
  metadata: { correlationId: 'corr' },
});

eventStoreContract('PostgreSQL', async () => {
  const schema = await createTestSchema('es');
  const store = new PostgresEventStore(schema.db, { schema: schema.schema });
  await store.migrate();
  return { store, db: schema.db, close: () => schema.drop() };
});

describe('PostgresEventStore on a real server', () => {
  let test: TestSchema;
  let store: PostgresEventStore;

  beforeEach(async () => {
    test = await createTestSchema('es', 60);
    store = new PostgresEventStore(test.db, { schema: test.schema });
    await store.migrate();
  });
  afterEach(() => test.drop());

  it('never lets a global reader skip an event whose transaction commits after a later position', async () => {
    const early = new Client({ connectionString: PG_URL });
    await early.connect();
    try {
      await store.append('warm-up', [event(0)], { expectedVersion: 'no_stream' });
      const first = await store.readAll(START, 100);
      expect(first.events).toHaveLength(1);

      // The early transaction draws the lower position but stays open...
      await early.query('BEGIN');
      await early.query(`SELECT * FROM "${test.schema}".append_events($1, 'no_stream', $2::jsonb)`, [
        'early',
        JSON.stringify([event(1)]),
      ]);
      // ...while a later one draws a higher position and commits first.
      await store.append('late', [event(2)], { expectedVersion: 'no_stream' });
      const { rows } = await test.db.query<{ stream_id: string; global_position: string }>(
        `SELECT stream_id, global_position FROM "${test.schema}".events ORDER BY global_position`,
      );
      expect(rows.map((r) => r.stream_id)).toEqual(['warm-up', 'late']);

      const whileOpen = await store.readAll(first.checkpoint, 100);
      expect(whileOpen.events).toEqual([]);
      expect(whileOpen.checkpoint).toEqual(first.checkpoint);

      await early.query('COMMIT');
      let after = await store.readAll(whileOpen.checkpoint, 100);
      for (let tries = 0; after.events.length < 2 && tries < 200; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        after = await store.readAll(whileOpen.checkpoint, 100);
      }
      expect(after.events.map((e) => e.streamId)).toEqual(['early', 'late']);
      expect(after.events[0].globalPosition).toBeLessThan(after.events[1].globalPosition);
      expect((await store.readAll(after.checkpoint, 100)).events).toEqual([]);
    } finally {
      await early.end();
    }
  });

  it('reads the global log from a checkpoint along its index, without sorting the rest of the log', async () => {
    for (let i = 0; i < 50; i++) {
      await store.append(
        `s-${i}`,
        Array.from({ length: 100 }, (_, n) => event(n)),
        { expectedVersion: 'no_stream' },
      );
    }
    await test.db.query(`ANALYZE "${test.schema}".events`);
    const half = await store.readAll(START, 2_500);
    // The very statement readAll sends, explained with the same parameters.
    const sent: Array<{ text: string; params?: unknown[] }> = [];
    const recording = new PostgresEventStore(
      {
        ...test.db,
        query: (text: string, params?: unknown[]) => {
          sent.push({ text, params });
          return test.db.query(text, params);
        },
      } as typeof test.db,
      { schema: test.schema },
    );
    const next = await recording.readAll(half.checkpoint, 500);
    expect(next.events.map((e) => e.globalPosition)).toEqual(
      Array.from({ length: 500 }, (_, n) => half.checkpoint.position + BigInt(n + 1)),
    );
    const { rows } = await test.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sent[0].text}`, sent[0].params);
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
    // Ordered by the transaction id's text (the output column's alias), the read sorted every later event.
    expect(plan).not.toMatch(/Sort/);
    expect(plan).toMatch(/events_global_order_idx/);
  });

  it('lets exactly one of 50 racing writers win each version of one stream', async () => {
    const id = 'contended';
    await store.append(id, [event(0)], { expectedVersion: 'no_stream' });
    for (let version = 0; version < 3; version++) {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) => store.append(id, [event(i)], { expectedVersion: version })),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(49);
      for (const error of lost) {
        expect(error).toBeInstanceOf(StreamVersionConflictError);
        expect((error as StreamVersionConflictError).actualVersion).toBe(version + 1);
      }
    }
    const stored = await store.readStream(id);
    expect(stored.map((e) => e.streamVersion)).toEqual([0, 1, 2, 3]);
    // Losers drew no global position: the log has no holes.
    const positions = stored.map((e) => Number(e.globalPosition));
    expect(positions).toEqual([positions[0], positions[0] + 1, positions[0] + 2, positions[0] + 3]);
  });

  it('creates a stream exactly once when 50 writers race with no_stream', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        store.append('opened-once', [event(i)], { expectedVersion: 'no_stream' }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(await store.readStream('opened-once')).toHaveLength(1);
  });

  it('turns concurrent identical retries into one write', async () => {
    const batch = [event(1), event(2)];
    const results = await Promise.all(
      Array.from({ length: 10 }, () => store.append('retried', batch, { expectedVersion: 'no_stream' })),
    );
    expect(results.filter((r) => !r.alreadyStored)).toHaveLength(1);
    expect(await store.readStream('retried')).toHaveLength(2);
  });

  it('refuses UPDATE and DELETE on the log', async () => {
    await store.append('immutable', [event(1)], { expectedVersion: 'no_stream' });
    await expect(test.db.query(`UPDATE "${test.schema}".events SET data = '{}'`)).rejects.toThrow(
      /immutable/,
    );
    await expect(test.db.query(`DELETE FROM "${test.schema}".events`)).rejects.toThrow(/immutable/);
  });

  describe('hash chain', () => {
    // Tampering "behind the store's back": a superuser session with triggers disabled.
    const behindTheBack = (sql: string) =>
      test.db.transaction(async (tx) => {
        await tx.query('SET LOCAL session_replication_role = replica');
        await tx.query(sql);
      });

    let events: RecordedEvent[];
    beforeEach(async () => {
      await store.append('fund-a', [1, 2, 3, 4].map(event), { expectedVersion: 'no_stream' });
      await store.append('fund-b', [1, 2].map(event), { expectedVersion: 'no_stream' });
      events = await store.readStream('fund-a');
    });

    it('reports the first event whose content was changed', async () => {
      await behindTheBack(
        `UPDATE "${test.schema}".events SET data = '{"n": 99}' WHERE event_id = '${events[2].eventId}'`,
      );
      const report = await store.verify();
      expect(report.ok).toBe(false);
      expect(report.firstTampered).toEqual([
        { streamId: 'fund-a', streamVersion: 2, eventId: events[2].eventId, reason: 'content_changed' },
      ]);
      expect((await store.verify('fund-b')).ok).toBe(true);
    });

    it('detects a forged hash through the broken link to the next event', async () => {
      await behindTheBack(
        `UPDATE "${test.schema}".events SET metadata = '{"correlationId":"x"}',
           hash = "${test.schema}".event_hash(prev_hash, event_id, stream_id, stream_version, event_type,
             schema_version, data, '{"correlationId":"x"}', recorded_at)
         WHERE event_id = '${events[1].eventId}'`,
      );
      const report = await store.verify('fund-a');
      expect(report.firstTampered).toEqual([
        { streamId: 'fund-a', streamVersion: 2, eventId: events[2].eventId, reason: 'chain_broken' },
      ]);
    });

    it('detects removed events, the first one included', async () => {
      await behindTheBack(`DELETE FROM "${test.schema}".events WHERE event_id = '${events[1].eventId}'`);
      await behindTheBack(
        `DELETE FROM "${test.schema}".events WHERE stream_id = 'fund-b' AND stream_version = 0`,
      );
      const report = await store.verify();
      expect(report.firstTampered).toEqual([
        { streamId: 'fund-a', streamVersion: 2, eventId: events[2].eventId, reason: 'version_gap' },
        { streamId: 'fund-b', streamVersion: 1, eventId: expect.any(String), reason: 'version_gap' },
      ]);
    });
  });

  it('applies migrations once when several replicas start together', async () => {
    const fresh = `${test.schema}_m`;
    const replicas = Array.from({ length: 5 }, () => new PgDatabase({ connectionString: PG_URL, max: 1 }));
    try {
      const results = await Promise.all(replicas.map((db) => migrate(db, fresh, EVENT_STORE_MIGRATIONS)));
      const all = EVENT_STORE_MIGRATIONS.length;
      expect(results.filter((r) => r.applied.length === all)).toHaveLength(1);
      expect(results.filter((r) => r.alreadyApplied.length === all)).toHaveLength(4);
    } finally {
      await test.db.query(`DROP SCHEMA IF EXISTS "${fresh}" CASCADE`);
      await Promise.all(replicas.map((db) => db.close()));
    }
  });

  describe('on a database of an older release', () => {
    let old: string;
    beforeEach(async () => {
      old = `${test.schema}_old`;
      // What the first release left: the log, and the tables the relay and consumers created themselves.
      await migrate(test.db, old, EVENT_STORE_MIGRATIONS.slice(0, 1));
      await test.db.query(
        `CREATE TABLE "${old}".relay_checkpoints (name text PRIMARY KEY, transaction_id xid8 NOT NULL,
           position bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
         INSERT INTO "${old}".relay_checkpoints (name, transaction_id, position) VALUES ('relay', '7', 7);
         CREATE TABLE "${old}".processed_events (consumer text NOT NULL, event_id uuid NOT NULL,
           processed_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (consumer, event_id));
         INSERT INTO "${old}".processed_events (consumer, event_id) VALUES ('c', '${randomUUID()}');`,
      );
    });
    afterEach(() => test.db.query(`DROP SCHEMA IF EXISTS "${old}" CASCADE`));

    it('records the relay and consumer tables as migrations, keeping their rows', async () => {
      const upgraded = new PostgresEventStore(test.db, { schema: old });
      expect(await upgraded.migrate()).toEqual({ applied: [2, 3, 4], alreadyApplied: [1] });
      const { rows } = await test.db.query<{ checkpoints: string; processed: string }>(
        `SELECT (SELECT count(*) FROM "${old}".relay_checkpoints) AS checkpoints,
                (SELECT count(*) FROM "${old}".processed_events) AS processed`,
      );
      expect(rows[0]).toEqual({ checkpoints: '1', processed: '1' });
    });

    it('continues every hash chain across the faster append, and verify checks both halves', async () => {
      const upgraded = new PostgresEventStore(test.db, { schema: old });
      await upgraded.append('fund-a', [event(1), event(2)], { expectedVersion: 'no_stream' });
      await upgraded.migrate();
      await upgraded.append('fund-a', [event(3), event(4)], { expectedVersion: 1 });
      await upgraded.append('fund-a', [event(5)], { expectedVersion: 3 });
      const stored = await upgraded.readStream('fund-a');
      expect(stored.map((e) => e.streamVersion)).toEqual([0, 1, 2, 3, 4]);
      expect(await upgraded.verify()).toMatchObject({ ok: true, eventsChecked: 5 });

      await test.db.transaction(async (tx) => {
        await tx.query('SET LOCAL session_replication_role = replica');
        await tx.query(`UPDATE "${old}".events SET data = '{"n": 0}' WHERE event_id = $1`, [
          stored[3].eventId,
        ]);
      });
      expect((await upgraded.verify()).firstTampered).toEqual([
        { streamId: 'fund-a', streamVersion: 3, eventId: stored[3].eventId, reason: 'content_changed' },
      ]);
    });
  });

  it('refuses a migration edited after it was applied', async () => {
    const edited = [{ ...EVENT_STORE_MIGRATIONS[0], sql: `${EVENT_STORE_MIGRATIONS[0].sql}\n-- edited` }];
    await expect(migrate(test.db, test.schema, edited)).rejects.toThrow(/changed after it was applied/);
  });

  it('hands a live subscriber an event held back by an older transaction as soon as that one ends', async () => {
    const seen: string[] = [];
    const subscription = store.subscribeToAll(
      async (batch) => {
        seen.push(...batch.map((e) => e.streamId));
      },
      { pollIntervalMs: 60_000 },
    );
    const older = new Client({ connectionString: PG_URL });
    await older.connect();
    try {
      await subscription.caughtUp;
      await older.query('BEGIN');
      await older.query('SELECT pg_current_xact_id()');
      await store.append('held', [event(1)], { expectedVersion: 'no_stream' });
      expect(await store.heldBack()).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seen).toEqual([]);
      // Ending a transaction that appended nothing announces nothing: the subscriber must look by itself.
      await older.query('COMMIT');
      const deadline = Date.now() + 3_000;
      while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(seen).toEqual(['held']);
    } finally {
      await older.end();
      await subscription.stop();
    }
  });

  it("wakes a live subscriber on commit, also for appends inside a caller's transaction", async () => {
    const seen: string[] = [];
    const subscription = store.subscribeToAll(
      async (batch) => {
        seen.push(...batch.map((e) => e.streamId));
      },
      { pollIntervalMs: 60_000 },
    );
    const seenWithin = async (count: number) => {
      const deadline = Date.now() + 3_000;
      while (seen.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    };
    try {
      await subscription.caughtUp;
      await store.append('live', [event(1)], { expectedVersion: 'no_stream' });
      await seenWithin(1);
      await test.db.transaction((tx) =>
        store.append('in-tx', [event(2)], { expectedVersion: 'no_stream', tx }),
      );
      await seenWithin(2);
      expect(seen).toEqual(['live', 'in-tx']);
    } finally {
      await subscription.stop();
    }
  });
});
