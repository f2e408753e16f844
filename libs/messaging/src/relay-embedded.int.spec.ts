import { eventTypeName } from '@fai/contracts';
import { PgliteDatabase, PostgresEventStore } from '@fai/event-store';
import { appendEvents, readLog, until } from '../test/relay-fixtures';
import type { DeliveredMessage } from './event-bus';
import { InProcessBus } from './in-process-bus';
import { EventRelay } from './relay';
import { ProcessLocalLeaderLock } from './relay-leader-lock';

/** The one-command demo's wiring: PGlite store, in-process bus, in-process leader lock. */
describe('EventRelay embedded (PGlite → in-process bus)', () => {
  it('relays the log in order to a durable consumer, with one leader among two relays', async () => {
    const db = await PgliteDatabase.open();
    const store = new PostgresEventStore(db, { schema: 'ingest' });
    await store.migrate();
    const bus = new InProcessBus();
    const lock = new ProcessLocalLeaderLock();
    const relays = [0, 1].map(
      () =>
        new EventRelay({
          name: 'ingest',
          schema: 'ingest',
          db,
          store,
          bus,
          lock,
          resolveType: (name, version) => eventTypeName('ingest', name, version),
          source: 'fai/ingest',
          batchSize: 10,
          pollIntervalMs: 20,
          standbyRetryMs: 20,
        }),
    );
    const received: DeliveredMessage[] = [];
    const consumer = await bus.consume(
      { durableName: 'audit', filterSubjects: ['fai.ingest.>'], maxDeliver: 3, ackWaitMs: 1_000 },
      async (message) => {
        received.push(message);
        message.ack();
      },
    );
    try {
      await Promise.all(relays.map((relay) => relay.start()));
      await appendEvents(store, ['artefact-1', 'artefact-2'], 25);
      await until(() => received.length === 25, 10_000, '25 deliveries');
      await relays[0].stop();
      await appendEvents(store, ['artefact-1'], 5);
      await until(() => received.length === 30, 10_000, '30 deliveries');
      expect(received.map((m) => m.id)).toEqual((await readLog(store)).map((e) => e.eventId));
      expect(received[0].subject).toBe('fai.ingest.artefact-ingested.v1');
    } finally {
      await Promise.all(relays.map((relay) => relay.stop()));
      await consumer.stop();
      await bus.close();
      await db.close();
    }
  }, 60_000);
});
