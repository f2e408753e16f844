import { randomUUID } from 'node:crypto';
import {
  EventIdConflictError,
  START,
  StreamVersionConflictError,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  type SqlDatabase,
} from '../src';

/**
 * The behaviour every EventStore implementation must show. Each adapter's spec calls this
 * with a factory for a fresh, empty store (its own schema) and a teardown.
 */
export function eventStoreContract(
  name: string,
  open: () => Promise<{ store: EventStore; db: SqlDatabase; close(): Promise<void> }>,
): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let db: SqlDatabase;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ store, db, close } = await open());
    });
    afterEach(() => close());

    const stream = () => `cycle-${randomUUID()}`;
    const event = (n: number, data: Record<string, unknown> = {}): NewEvent => ({
      eventId: randomUUID(),
      type: 'TestHappened',
      schemaVersion: 1,
      data: { n, ...data },
      metadata: { correlationId: 'corr-1', actor: 'tester', cycleId: 'c-1' },
    });

    it('starts a stream with no_stream and numbers its events from 0', async () => {
      const id = stream();
      const result = await store.append(id, [event(1), event(2)], { expectedVersion: 'no_stream' });
      expect(result).toMatchObject({ nextExpectedVersion: 1, alreadyStored: false });
      const read = await store.readStream(id);
      expect(read.map((e) => [e.streamVersion, (e.data as { n: number }).n])).toEqual([
        [0, 1],
        [1, 2],
      ]);
      expect(await store.streamVersion(id)).toBe(1);
      expect(await store.streamVersion(stream())).toBeUndefined();
    });

    it('refuses no_stream on an existing stream with the actual version', async () => {
      const id = stream();
      await store.append(id, [event(1)], { expectedVersion: 'no_stream' });
      const error = await store
        .append(id, [event(2)], { expectedVersion: 'no_stream' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StreamVersionConflictError);
      expect(error).toMatchObject({ code: 'STREAM_VERSION_CONFLICT', actualVersion: 0 });
    });

    it('appends at an exact version and refuses a stale one', async () => {
      const id = stream();
      await store.append(id, [event(1)], { expectedVersion: 'no_stream' });
      await store.append(id, [event(2)], { expectedVersion: 0 });
      const error = await store.append(id, [event(3)], { expectedVersion: 0 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'STREAM_VERSION_CONFLICT', actualVersion: 1, expectedVersion: 0 });
      const missing = await store
        .append(stream(), [event(1)], { expectedVersion: 3 })
        .catch((e: unknown) => e);
      expect(missing).toMatchObject({ code: 'STREAM_VERSION_CONFLICT', actualVersion: undefined });
    });

    it('honours any and stream_exists', async () => {
      const id = stream();
      await store.append(id, [event(1)], { expectedVersion: 'any' });
      await store.append(id, [event(2)], { expectedVersion: 'any' });
      await store.append(id, [event(3)], { expectedVersion: 'stream_exists' });
      expect(await store.streamVersion(id)).toBe(2);
      await expect(
        store.append(stream(), [event(1)], { expectedVersion: 'stream_exists' }),
      ).rejects.toBeInstanceOf(StreamVersionConflictError);
    });

    it('treats a retried batch as a no-op and a partly stored batch as a conflict', async () => {
      const id = stream();
      const batch = [event(1), event(2)];
      const first = await store.append(id, batch, { expectedVersion: 'no_stream' });
      const retry = await store.append(id, batch, { expectedVersion: 'no_stream' });
      expect(retry).toEqual({ ...first, alreadyStored: true });
      expect(await store.readStream(id)).toHaveLength(2);
      await expect(store.append(id, [batch[0], event(3)], { expectedVersion: 1 })).rejects.toBeInstanceOf(
        EventIdConflictError,
      );
      expect(await store.readStream(id)).toHaveLength(2);
    });

    it('reads a stream forward and backward from a version', async () => {
      const id = stream();
      await store.append(
        id,
        [1, 2, 3, 4, 5].map((n) => event(n)),
        { expectedVersion: 'no_stream' },
      );
      const n = (events: RecordedEvent[]) => events.map((e) => (e.data as { n: number }).n);
      expect(n(await store.readStream(id, { fromVersion: 2, maxCount: 2 }))).toEqual([3, 4]);
      expect(n(await store.readStream(id, { direction: 'backward' }))).toEqual([5, 4, 3, 2, 1]);
      expect(n(await store.readStream(id, { direction: 'backward', fromVersion: 1 }))).toEqual([2, 1]);
    });

    it('reads and appends inside one transaction, seeing its own appends (PGlite: one session, no deadlock)', async () => {
      const id = stream();
      await store.append(id, [event(1)], { expectedVersion: 'no_stream' });
      const n = (events: RecordedEvent[]) => events.map((e) => (e.data as { n: number }).n);
      const seen = await db.transaction(async (tx) => {
        const before = await store.readStream(id, { tx });
        await store.append(id, [event(2)], { expectedVersion: before.length - 1, tx });
        return {
          events: n(await store.readStream(id, { tx })),
          version: await store.streamVersion(id, { tx }),
        };
      });
      expect(seen).toEqual({ events: [1, 2], version: 1 });
    });

    it('keeps type, schema version, metadata and recorded time', async () => {
      const id = stream();
      const before = Date.now();
      const written = { ...event(1, { amount: '10.25' }), schemaVersion: 3 };
      await store.append(id, [written], { expectedVersion: 'no_stream' });
      const [read] = await store.readStream(id);
      expect(read).toMatchObject({
        eventId: written.eventId,
        type: 'TestHappened',
        schemaVersion: 3,
        data: { n: 1, amount: '10.25' },
        metadata: written.metadata,
        streamId: id,
      });
      expect(read.recordedAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
      expect(read.hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('reads the global log from a checkpoint in batches, in order, exactly once', async () => {
      const streams = [stream(), stream(), stream()];
      for (let round = 0; round < 4; round++) {
        for (const id of streams) await store.append(id, [event(round)], { expectedVersion: 'any' });
      }
      const seen: RecordedEvent[] = [];
      let checkpoint = START;
      // An open transaction anywhere on the server holds the horizon back for a moment: poll.
      const deadline = Date.now() + 10_000;
      while (seen.length < 12 && Date.now() < deadline) {
        const batch = await store.readAll(checkpoint, 5);
        seen.push(...batch.events);
        checkpoint = batch.checkpoint;
        if (batch.events.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(seen).toHaveLength(12);
      expect(new Set(seen.map((e) => e.eventId)).size).toBe(12);
      const positions = seen.map((e) => e.globalPosition);
      expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
      expect((await store.readAll(checkpoint, 5)).events).toEqual([]);
    });

    it('catches up, then delivers live appends to a subscriber', async () => {
      const id = stream();
      await store.append(id, [event(1), event(2)], { expectedVersion: 'no_stream' });
      const received: number[] = [];
      const subscription = store.subscribeToAll(
        async (events) => {
          received.push(...events.map((e) => (e.data as { n: number }).n));
        },
        { batchSize: 1, pollIntervalMs: 5_000 },
      );
      try {
        await subscription.caughtUp;
        await waitFor(() => received.length === 2, 5_000);
        expect(received).toEqual([1, 2]);
        await store.append(id, [event(3)], { expectedVersion: 1 });
        await waitFor(() => received.length === 3, 3_000);
        expect(received).toEqual([1, 2, 3]);
      } finally {
        await subscription.stop();
      }
    });

    it('verifies an untouched log', async () => {
      const id = stream();
      await store.append(id, [event(1), event(2)], { expectedVersion: 'no_stream' });
      await store.append(id, [event(3)], { expectedVersion: 1 });
      expect(await store.verify()).toMatchObject({
        ok: true,
        streamsChecked: 1,
        eventsChecked: 3,
        firstTampered: [],
      });
      expect(await store.verify(id)).toMatchObject({ ok: true, eventsChecked: 3 });
    });
  });
}

export async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
