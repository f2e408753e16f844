import { randomUUID } from 'node:crypto';
import { eventTypeName, type CloudEvent } from '@fai/contracts';
import { PostgresEventStore, START, type RecordedEvent } from '@fai/event-store';
import { createTestSchema, NATS_URL, uniqueName, type TestSchema } from '@fai/testing';
import { connect, type JetStreamManager, type NatsConnection } from 'nats';
import { ensureEventStream } from '../src/jetstream-streams';

/** One test's world: a fresh store schema, a NATS connection and a JetStream stream on subjects of its own. */
export interface RelayWorld {
  test: TestSchema;
  store: PostgresEventStore;
  nc: NatsConnection;
  jsm: JetStreamManager;
  /** The bounded context name: unique, so this test's subjects overlap no other test's stream. */
  context: string;
  streamName: string;
  resolveType(name: string, version: number): string;
  close(): Promise<void>;
}

export async function createRelayWorld(prefix: string): Promise<RelayWorld> {
  const test = await createTestSchema(prefix, 12);
  const store = new PostgresEventStore(test.db, { schema: test.schema });
  await store.migrate();
  const nc = await connect({ servers: NATS_URL });
  const jsm = await nc.jetstreamManager();
  const context = uniqueName(prefix);
  const streamName = context.toUpperCase();
  await ensureEventStream(jsm, { name: streamName, subjects: [`fai.${context}.>`] });
  return {
    test,
    store,
    nc,
    jsm,
    context,
    streamName,
    resolveType: (name, version) => eventTypeName(context, name, version),
    async close() {
      await jsm.streams.delete(streamName).catch(() => undefined);
      await nc.close();
      await test.drop();
    },
  };
}

/** Appends `count` one-event appends spread round-robin over `streams` streams; returns nothing, read the log for truth. */
export async function appendEvents(
  store: PostgresEventStore,
  streams: string[],
  count: number,
): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const streamId = streams[i % streams.length];
    await store.append(streamId, [newEvent(i)], { expectedVersion: 'any' });
  }
}

export function newEvent(n: number) {
  return {
    eventId: randomUUID(),
    type: n % 2 === 0 ? 'ArtefactIngested' : 'InventoryCompleted',
    schemaVersion: 1,
    data: { n },
    metadata: { correlationId: `corr-${n}` },
  };
}

/** Every event stored, read past the log's visibility horizon: what the relay must publish eventually. */
export async function storedEventCount(world: RelayWorld): Promise<number> {
  const { rows } = await world.test.db.query<{ count: string }>(
    `SELECT count(*) AS count FROM "${world.test.schema}".events`,
  );
  return Number(rows[0].count);
}

/** Every event in the global log up to its visibility horizon, in log order. */
export async function readLog(store: PostgresEventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let from = START;
  for (;;) {
    const batch = await store.readAll(from, 1_000);
    if (batch.events.length === 0) return events;
    events.push(...batch.events);
    from = batch.checkpoint;
  }
}

export interface StoredBusMessage {
  seq: number;
  subject: string;
  msgId: string;
  cloudEvent: CloudEvent;
}

/** Every message the JetStream stream holds, in stream order. */
export async function streamMessages(jsm: JetStreamManager, stream: string): Promise<StoredBusMessage[]> {
  const { state } = await jsm.streams.info(stream);
  const messages: StoredBusMessage[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq += 1) {
    const stored = await jsm.streams.getMessage(stream, { seq });
    messages.push({
      seq,
      subject: stored.subject,
      msgId: stored.header.get('Nats-Msg-Id'),
      cloudEvent: stored.json<CloudEvent>(),
    });
  }
  return messages;
}

export async function streamMessageCount(jsm: JetStreamManager, stream: string): Promise<number> {
  return (await jsm.streams.info(stream)).state.messages;
}

export async function until(
  condition: () => Promise<boolean> | boolean,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
