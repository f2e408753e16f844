import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { eventTypeName, type CloudEvent } from '@fai/contracts';
import { PgDatabase, PostgresEventStore, type NewEvent } from '@fai/event-store';
import {
  ensureDeadLetterStream,
  ensureEventStream,
  EventRelay,
  JetStreamConsumer,
  JetStreamPublisher,
  PgAdvisoryLeaderLock,
  type BusMessage,
  type ConsumedEvent,
} from '@fai/messaging';
import { createTestSchema, NATS_URL, PG_URL, uniqueName, type TestSchema } from '@fai/testing';
import { connect, type NatsConnection } from 'nats';
import { percentile, type Figure } from './report';

const RELAY_EVENTS = Number(process.env.BENCH_RELAY_EVENTS ?? 20_000);
const LATENCY_RATE = 1_000;
const LATENCY_SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

interface World {
  test: TestSchema;
  store: PostgresEventStore;
  nc: NatsConnection;
  context: string;
  stream: string;
  close(): Promise<void>;
}

async function world(prefix: string): Promise<World> {
  const test = await createTestSchema(prefix, 24);
  const store = new PostgresEventStore(test.db, { schema: test.schema });
  await store.migrate();
  const nc = await connect({ servers: NATS_URL });
  const jsm = await nc.jetstreamManager();
  const context = uniqueName(prefix);
  const stream = context.toUpperCase();
  await ensureEventStream(jsm, { name: stream, subjects: [`fai.${context}.>`] });
  return {
    test,
    store,
    nc,
    context,
    stream,
    async close() {
      await jsm.streams.delete(stream).catch(() => undefined);
      await nc.close();
      await test.drop();
    },
  };
}

function relayFor(w: World): EventRelay {
  return new EventRelay({
    name: 'bench',
    schema: w.test.schema,
    db: w.test.db,
    store: w.store,
    bus: new JetStreamPublisher(w.nc.jetstream()),
    lock: new PgAdvisoryLeaderLock({ connectionString: PG_URL }, `bench-relay:${w.test.schema}`),
    resolveType: (name, version) => eventTypeName(w.context, name, version),
    source: 'fai/bench',
  });
}

function benchEvent(): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'ClaimsExtracted',
    schemaVersion: 1,
    data: { artefactSha256: 'a'.repeat(64), claims: 42, fundId: 'fund-1', period: '2026-10' },
    metadata: { correlationId: randomUUID(), cycleId: 'cycle-1', runId: 'run-1' },
  };
}

async function until(condition: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`benchmark condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Relay: a backlog of RELAY_EVENTS published to JetStream, against a plain windowed publish loop of the same messages. */
async function relayThroughput(): Promise<Figure> {
  const w = await world('bench_relay');
  try {
    for (let i = 0; i < RELAY_EVENTS; i += 100) {
      await w.store.append(`stream-${i % 10}`, Array.from({ length: 100 }, benchEvent), { expectedVersion: 'any' });
    }
    const head = await w.store.headPosition();
    const relay = relayFor(w);
    const started = performance.now();
    await relay.start();
    await until(async () => (await relay.checkpoint()).position >= head, 600_000);
    const relaySeconds = (performance.now() - started) / 1000;
    await relay.stop();

    // The raw ceiling: the same number of same-sized messages through the same windowed publisher.
    const sample = new TextEncoder().encode(JSON.stringify({ specversion: '1.0', data: benchEvent() }));
    const messages: BusMessage[] = Array.from({ length: RELAY_EVENTS }, (_, i) => ({
      subject: `fai.${w.context}.raw.v1`,
      id: `raw-${i}`,
      headers: {},
      data: sample,
    }));
    const publisher = new JetStreamPublisher(w.nc.jetstream());
    const rawStarted = performance.now();
    for (let i = 0; i < messages.length; i += 500) await publisher.publish(messages.slice(i, i + 500));
    const rawSeconds = (performance.now() - rawStarted) / 1000;
    return {
      name: `relay store → JetStream (${RELAY_EVENTS.toLocaleString('en-GB')} events)`,
      value: RELAY_EVENTS / relaySeconds,
      unit: 'events/s',
      raw: RELAY_EVENTS / rawSeconds,
      target: 0.7,
    };
  } finally {
    await w.close();
  }
}

/** Commit → handler: single-event appends at a fixed arrival rate, through relay, JetStream and a durable consumer. */
async function commitToHandlerLatency(): Promise<Figure[]> {
  const w = await world('bench_lat');
  const committedAt = new Map<string, number>();
  const latencies: number[] = [];
  const relayLatencies: number[] = [];
  const relay = relayFor(w);
  // Core NATS sees each message as the relay publishes it: the relay's share of the latency.
  const tap = w.nc.subscribe(`fai.${w.context}.>`, {
    callback: (_error, message) => {
      const at = committedAt.get(message.headers?.get('Nats-Msg-Id') ?? '');
      if (at !== undefined) relayLatencies.push(performance.now() - at);
    },
  });
  const dlq = uniqueName('bench_dlq').toUpperCase();
  await ensureDeadLetterStream(await w.nc.jetstreamManager(), dlq, { subjects: [`fai-dlq.${w.context}.>`] });
  const consumer = new JetStreamConsumer(w.nc, w.test.db, {
    stream: w.stream,
    durable: w.context,
    filterSubjects: [`fai.${w.context}.>`],
    schema: w.test.schema,
    concurrency: 32,
    decode: (message) => {
      const envelope = JSON.parse(new TextDecoder().decode(message.data)) as CloudEvent;
      return { ...envelope, name: 'ClaimsExtracted', version: 1 } as ConsumedEvent;
    },
    handle: async (event) => {
      const at = committedAt.get(event.id);
      if (at !== undefined) latencies.push(performance.now() - at);
    },
  });
  // The writers get a pool of their own, as a separate service replica would: the relay and the
  // consumer must not queue behind the load they are measured under.
  const writerDb = new PgDatabase({ connectionString: PG_URL, max: 16 });
  const writer = new PostgresEventStore(writerDb, { schema: w.test.schema });
  try {
    await relay.start();
    await consumer.start();
    const total = LATENCY_RATE * LATENCY_SECONDS;
    const started = performance.now();
    const appends: Promise<unknown>[] = [];
    // Open model: event i is due at started + i ms whatever the previous appends are doing.
    for (let i = 0; i < total; ) {
      const due = Math.floor(((performance.now() - started) * LATENCY_RATE) / 1000);
      for (; i < Math.min(due + 1, total); i++) {
        const event = benchEvent();
        appends.push(
          writer
            .append(`lat-${i}`, [event], { expectedVersion: 'no_stream' })
            .then(() => committedAt.set(event.eventId, performance.now())),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(appends);
    const achievedRate = total / ((performance.now() - started) / 1000);
    await until(() => latencies.length >= total, 120_000);
    const sorted = [...latencies].sort((a, b) => a - b);
    const relaySorted = [...relayLatencies].sort((a, b) => a - b);
    return [
      { name: `commit → relay publish p50`, value: percentile(relaySorted, 50), unit: 'ms' },
      { name: `commit → relay publish p99`, value: percentile(relaySorted, 99), unit: 'ms' },
      { name: `commit → handler p50 at ${Math.round(achievedRate)} events/s`, value: percentile(sorted, 50), unit: 'ms' },
      {
        name: `commit → handler p99 at ${Math.round(achievedRate)} events/s`,
        value: percentile(sorted, 99),
        unit: 'ms',
        target: 50,
        lowerIsBetter: true,
      },
    ];
  } finally {
    tap.unsubscribe();
    await writerDb.close();
    await consumer.drain();
    await relay.stop();
    await (await w.nc.jetstreamManager()).streams.delete(dlq).catch(() => undefined);
    await w.close();
  }
}

export async function messagingBench(): Promise<Figure[]> {
  return [await relayThroughput(), ...(await commitToHandlerLatency())];
}
