import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { eventTypeName, type CloudEvent } from '@fai/contracts';
import { PgDatabase, PostgresEventStore, START, type NewEvent } from '@fai/event-store';
import {
  ensureDeadLetterStream,
  ensureEventStream,
  EventRelay,
  DurableEventConsumer,
  jetStreamMessageBus,
  NATS_CONNECTION_DEFAULTS,
  JetStreamPublisher,
  PgAdvisoryLeaderLock,
  toBusMessage,
  toCloudEvent,
  type BusMessage,
  type ConsumedEvent,
} from '@fai/messaging';
import { createTestSchema, NATS_URL, PG_URL, uniqueName, type TestSchema } from '@fai/testing';
import { connect, type NatsConnection } from 'nats';
import { percentile, type Figure } from './report';

const RELAY_EVENTS = Number(process.env.BENCH_RELAY_EVENTS ?? 20_000);
const RELAY_WARM_UP_EVENTS = 2_000;
const LATENCY_RATE = Number(process.env.BENCH_RATE ?? 1_000);
const LATENCY_SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const LATENCY_WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 1);

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
  const nc = await connect({ ...NATS_CONNECTION_DEFAULTS, servers: NATS_URL });
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
    resolveType: relayTypes(w),
    source: 'fai/bench',
  });
}

function relayTypes(w: World) {
  return (name: string, version: number) => eventTypeName(w.context, name, version);
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

/** Appends `count` events, 100 per transaction, over ten streams. */
async function appendBacklog(w: World, count: number): Promise<void> {
  for (let i = 0; i < count; i += 100) {
    await w.store.append(`stream-${(i / 100) % 10}`, Array.from({ length: 100 }, benchEvent), {
      expectedVersion: 'any',
    });
  }
}

/** Runs a relay of its own until everything stored is on the bus; returns the seconds it took. */
async function relayBacklog(w: World): Promise<number> {
  const head = await w.store.headPosition();
  const relay = relayFor(w);
  const started = performance.now();
  await relay.start();
  await until(async () => (await relay.checkpoint()).position >= head, 600_000);
  const seconds = (performance.now() - started) / 1000;
  await relay.stop();
  return seconds;
}

/**
 * Relay: a backlog of RELAY_EVENTS published to JetStream, against a plain windowed publish loop of
 * the same messages. Both first run once, untimed, on a small backlog of their own, so that neither
 * figure carries the other's cold start (the first JetStream publishes of a process are the slowest).
 */
async function relayThroughput(): Promise<Figure> {
  const w = await world('bench_relay');
  try {
    await appendBacklog(w, RELAY_WARM_UP_EVENTS);
    await relayBacklog(w);
    await appendBacklog(w, RELAY_EVENTS);
    const relaySeconds = await relayBacklog(w);

    // The raw ceiling: the very messages the relay published (subject, headers, body), under new
    // ids, through the same windowed publisher, with nothing read from PostgreSQL or mapped.
    const messages: BusMessage[] = [];
    for (let from = START; ;) {
      const batch = await w.store.readAll(from, 5_000);
      if (batch.events.length === 0) break;
      for (const event of batch.events) {
        const message = toBusMessage(
          toCloudEvent(event, relayTypes(w), 'fai/bench'),
          event.type,
          event.schemaVersion,
        );
        messages.push({ ...message, id: `raw-${message.id}` });
      }
      from = batch.checkpoint;
    }
    const publisher = new JetStreamPublisher(w.nc.jetstream());
    const publishRaw = async (slice: BusMessage[]) => {
      const started = performance.now();
      for (let i = 0; i < slice.length; i += 500) await publisher.publish(slice.slice(i, i + 500));
      return (performance.now() - started) / 1000;
    };
    await publishRaw(messages.slice(0, RELAY_WARM_UP_EVENTS));
    const rawSeconds = await publishRaw(messages.slice(RELAY_WARM_UP_EVENTS));
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

/** Milliseconds on a clock every process on the machine shares. */
const clock = () => performance.timeOrigin + performance.now();

interface WriterReport {
  /** [event id, commit time] pairs, sent in bursts. */
  committed?: Array<[string, number]>;
  achievedRate?: number;
}

/**
 * The load: single-event appends at a fixed arrival rate (open model: event i is due at
 * started + i / rate, whatever the previous appends are doing), from a process of its own with a
 * pool of its own, as another service replica would append. Reports commit times to the parent.
 *
 * The first LATENCY_WARM_UP_SECONDS of the same load are not reported: the figure is the steady
 * state of long-running services, not the cold start of the relay, the consumer and their
 * connections (in which the first few hundred events waited 100–200 ms).
 */
async function runLatencyWriter(): Promise<void> {
  const connections = 16;
  const db = new PgDatabase({ connectionString: PG_URL, max: connections });
  const writer = new PostgresEventStore(db, { schema: process.env.BENCH_LATENCY_SCHEMA! });
  // The load generator's own connections are open before the clock starts.
  await Promise.all(Array.from({ length: connections }, () => db.query('SELECT 1')));
  let committed: Array<[string, number]> = [];
  const flush = () => {
    if (committed.length > 0) process.send?.({ committed } satisfies WriterReport);
    committed = [];
  };
  const flusher = setInterval(flush, 5);
  const warmUp = Math.round(LATENCY_RATE * LATENCY_WARM_UP_SECONDS);
  const total = warmUp + LATENCY_RATE * LATENCY_SECONDS;
  const started = performance.now();
  let measuredFrom = started;
  const appends: Promise<unknown>[] = [];
  for (let i = 0; i < total;) {
    const due = Math.floor(((performance.now() - started) * LATENCY_RATE) / 1000);
    for (; i < Math.min(due + 1, total); i++) {
      if (i === warmUp) measuredFrom = performance.now();
      const event = benchEvent();
      const measured = i >= warmUp;
      appends.push(
        writer.append(`lat-${i}`, [event], { expectedVersion: 'no_stream' }).then(() => {
          if (measured) committed.push([event.eventId, clock()]);
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(appends);
  const achievedRate = (total - warmUp) / ((performance.now() - measuredFrom) / 1000);
  clearInterval(flusher);
  flush();
  await db.close();
  process.send?.({ achievedRate } satisfies WriterReport, () => process.exit(0));
}

/** Runs the writer process for `schema`; resolves with its achieved rate once every commit time is in `committedAt`. */
function latencyWriter(schema: string, committedAt: Map<string, number>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--latency-writer'], {
      env: { ...process.env, BENCH_LATENCY_SCHEMA: schema },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (report: WriterReport) => {
      for (const [id, at] of report.committed ?? []) committedAt.set(id, at);
      if (report.achievedRate !== undefined) resolve(report.achievedRate);
    });
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`latency writer exited with ${code}`)));
  });
}

/** Latencies from commit to `seenAt`, for the events seen; sorted. */
function latenciesOf(committedAt: Map<string, number>, seenAt: Map<string, number>): number[] {
  const latencies: number[] = [];
  for (const [id, at] of seenAt) {
    const committed = committedAt.get(id);
    if (committed !== undefined) latencies.push(at - committed);
  }
  return latencies.sort((a, b) => a - b);
}

/** Commit → handler: appends at a fixed rate (another process), through relay, JetStream and a durable consumer. */
async function commitToHandlerLatency(): Promise<Figure[]> {
  const w = await world('bench_lat');
  const committedAt = new Map<string, number>();
  const handledAt = new Map<string, number>();
  const publishedAt = new Map<string, number>();
  const relay = relayFor(w);
  // Core NATS sees each message as the relay publishes it: the relay's share of the latency.
  const tap = w.nc.subscribe(`fai.${w.context}.>`, {
    callback: (_error, message) => publishedAt.set(message.headers?.get('Nats-Msg-Id') ?? '', clock()),
  });
  const dlq = uniqueName('bench_dlq').toUpperCase();
  await ensureDeadLetterStream(await w.nc.jetstreamManager(), dlq, { subjects: [`fai-dlq.${w.context}.>`] });
  const consumer = new DurableEventConsumer(jetStreamMessageBus(w.nc), w.test.db, {
    stream: w.stream,
    durable: w.context,
    filterSubjects: [`fai.${w.context}.>`],
    schema: w.test.schema,
    concurrency: 4,
    decode: (message) => {
      const envelope = JSON.parse(new TextDecoder().decode(message.data)) as CloudEvent;
      return { ...envelope, name: 'ClaimsExtracted', version: 1 } as ConsumedEvent;
    },
    handle: async (event) => {
      handledAt.set(event.id, clock());
    },
  });
  try {
    await relay.start();
    await consumer.start();
    const achievedRate = await latencyWriter(w.test.schema, committedAt);
    // Warm-up events are handled too, but only the measured ones count.
    await until(() => [...committedAt.keys()].every((id) => handledAt.has(id)), 120_000);
    const handled = latenciesOf(committedAt, handledAt);
    const published = latenciesOf(committedAt, publishedAt);
    return [
      { name: `commit → relay publish p50`, value: percentile(published, 50), unit: 'ms' },
      { name: `commit → relay publish p99`, value: percentile(published, 99), unit: 'ms' },
      {
        name: `commit → handler p50 at ${Math.round(achievedRate)} events/s (after ${LATENCY_WARM_UP_SECONDS} s warm-up)`,
        value: percentile(handled, 50),
        unit: 'ms',
      },
      {
        name: `commit → handler p99 at ${Math.round(achievedRate)} events/s (after ${LATENCY_WARM_UP_SECONDS} s warm-up)`,
        value: percentile(handled, 99),
        unit: 'ms',
        target: 50,
        lowerIsBetter: true,
      },
    ];
  } finally {
    tap.unsubscribe();
    await consumer.drain();
    await relay.stop();
    await (await w.nc.jetstreamManager()).streams.delete(dlq).catch(() => undefined);
    await w.close();
  }
}

export async function messagingBench(): Promise<Figure[]> {
  return [await relayThroughput(), ...(await commitToHandlerLatency())];
}

if (process.argv.includes('--latency-writer')) {
  runLatencyWriter().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
