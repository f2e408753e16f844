import { randomUUID } from 'node:crypto';
import { ContractRegistry, FaiError, defineEvent, type CloudEvent } from '@fai/contracts';
import { ident, type SqlExecutor } from '@fai/event-store';
import { currentLogContext, initTracing, type Tracing } from '@fai/observability';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { createTestSchema, NATS_URL, uniqueName, type TestSchema } from '@fai/testing';
import { context, trace } from '@opentelemetry/api';
import {
  connect,
  headers as natsHeaders,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
} from 'nats';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DeadLetterReader, ensureDeadLetterStream, type DeadLetterRecord } from './dead-letter';
import type { DeliveredMessage } from './event-bus';
import { JetStreamPublisher } from './jetstream-streams';
import { DurableEventConsumer, type DurableEventConsumerOptions } from './durable-event-consumer';
import { JetStreamSubscriber } from './jetstream-consumer';
import { jetStreamMessageBus } from './message-bus';
import { ProcessedEvents } from './processed-events';
import {
  contractDecoder,
  createEventProcessor,
  type ConsumedEvent,
  type ConsumerMetrics,
} from './processed-events.processor';

const amountRecorded = defineEvent({
  context: 'testing',
  name: 'AmountRecorded',
  version: 1,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['ledger', 'amount'],
    properties: { ledger: { type: 'string' }, amount: { type: 'integer' } },
  },
  example: { ledger: 'main', amount: 1 },
});
type AmountRecorded = ConsumedEvent<{ ledger: string; amount: number }>;
const decode = contractDecoder(new ContractRegistry([amountRecorded]));

// Short timings keep the suite fast: with BackOff, NATS takes the first value as the ack wait.
const MAX_DELIVER = 3;
const BACKOFF_MS = [200, 400];

let nc: NatsConnection;
let jsm: JetStreamManager;
let js: JetStreamClient;
let tracing: Tracing;
const spans = new InMemorySpanExporter();

beforeAll(async () => {
  nc = await connect({ servers: NATS_URL });
  jsm = await nc.jetstreamManager();
  js = nc.jetstream();
  tracing = initTracing('messaging-int', { exporter: spans });
});

afterAll(async () => {
  await tracing.shutdown();
  await nc.close();
});

/** One test's world: its own event stream, dead-letter stream, durable name, schema and effect table. */
interface World {
  stream: string;
  subject: string;
  durable: string;
  dlqStream: string;
  pg: TestSchema;
  consumers: Array<Pick<DurableEventConsumer, 'drain'>>;
  /** Calls per event id, in order. */
  calls: Map<string, number>;
}

let world: World;

beforeEach(async () => {
  const name = uniqueName('msg');
  world = {
    stream: name.toUpperCase(),
    subject: `${name}.amount-recorded.v1`,
    durable: `${name}_consumer`,
    dlqStream: `${name}_DLQ`.toUpperCase(),
    pg: await createTestSchema('msg'),
    consumers: [],
    calls: new Map(),
  };
  await jsm.streams.add({ name: world.stream, subjects: [`${name}.>`] });
  await ensureDeadLetterStream(jsm, world.dlqStream, { subjects: [`fai-dlq.${world.durable}.>`] });
  await world.pg.db.query(
    `CREATE TABLE ${ident(world.pg.schema)}.ledger_entries (event_id uuid NOT NULL, ledger text NOT NULL, amount int NOT NULL)`,
  );
});

afterEach(async () => {
  await Promise.all(world.consumers.map((consumer) => consumer.drain(2000)));
  await jsm.streams.delete(world.stream);
  await jsm.streams.delete(world.dlqStream);
  await world.pg.drop();
});

function testMetrics(): ConsumerMetrics & { registry: Registry } {
  const registry = new Registry();
  const labelNames = ['consumer'] as const;
  return {
    registry,
    consumerLag: new Gauge({ name: 'lag', help: 'lag', labelNames, registers: [registry] }),
    redeliveries: new Counter({ name: 'redeliveries', help: 'r', labelNames, registers: [registry] }),
    deadLetters: new Counter({ name: 'dead_letters', help: 'd', labelNames, registers: [registry] }),
    handlerSeconds: new Histogram({ name: 'handler_seconds', help: 'h', labelNames, registers: [registry] }),
  };
}

/** Records the entry in the consumer's transaction; ledger "poison" always fails. */
async function recordEntry(event: AmountRecorded, tx: SqlExecutor): Promise<void> {
  world.calls.set(event.id, (world.calls.get(event.id) ?? 0) + 1);
  if (event.data.ledger === 'poison') {
    throw new FaiError({ code: 'LEDGER_CLOSED', message: 'ledger poison is closed', hint: 'reopen it' });
  }
  await tx.query(`INSERT INTO ${ident(world.pg.schema)}.ledger_entries VALUES ($1, $2, $3)`, [
    event.id,
    event.data.ledger,
    event.data.amount,
  ]);
}

function consumerOptions(
  overrides: Partial<DurableEventConsumerOptions<AmountRecorded>> = {},
): DurableEventConsumerOptions<AmountRecorded> {
  return {
    stream: world.stream,
    durable: world.durable,
    filterSubjects: [world.subject],
    schema: world.pg.schema,
    decode: decode as (message: DeliveredMessage) => AmountRecorded,
    handle: recordEntry,
    maxDeliver: MAX_DELIVER,
    backoffMs: BACKOFF_MS,
    fetchExpiresMs: 1000,
    lagIntervalMs: 100,
    ...overrides,
  };
}

async function startConsumer(
  overrides: Partial<DurableEventConsumerOptions<AmountRecorded>> = {},
): Promise<DurableEventConsumer<AmountRecorded>> {
  const consumer = new DurableEventConsumer(jetStreamMessageBus(nc), world.pg.db, consumerOptions(overrides));
  world.consumers.push(consumer);
  await consumer.start();
  return consumer;
}

function cloudEvent(data: unknown, id = randomUUID(), extensions: Partial<CloudEvent> = {}): CloudEvent {
  return {
    specversion: '1.0',
    id,
    source: 'urn:fai:test',
    type: amountRecorded.type,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    dataschema: `urn:fai:schema:${amountRecorded.type}`,
    correlationid: `corr-${id}`,
    data,
    ...extensions,
  };
}

async function publish(
  event: CloudEvent,
  options: { msgID?: string; body?: Uint8Array; headers?: Record<string, string> } = {},
): Promise<number> {
  const headers = natsHeaders();
  const all = { 'Fai-Event-Name': 'AmountRecorded', 'Fai-Event-Version': '1', ...options.headers };
  for (const [name, value] of Object.entries(all)) headers.set(name, value);
  const ack = await js.publish(
    world.subject,
    options.body ?? new TextEncoder().encode(JSON.stringify(event)),
    {
      msgID: options.msgID ?? event.id,
      headers,
    },
  );
  return ack.seq;
}

async function publishEntries(count: number, ledger = 'main'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const event = cloudEvent({ ledger, amount: i });
    await publish(event);
    ids.push(event.id);
  }
  return ids;
}

async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function entryCounts(): Promise<Map<string, number>> {
  const { rows } = await world.pg.db.query<{ event_id: string; n: string }>(
    `SELECT event_id, count(*) AS n FROM ${ident(world.pg.schema)}.ledger_entries GROUP BY event_id`,
  );
  return new Map(rows.map((row) => [row.event_id, Number(row.n)]));
}

async function deadLetterCount(): Promise<number> {
  return (await jsm.streams.info(world.dlqStream)).state.messages;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

async function metricValue(metric: { get(): Promise<{ values: { value: number; labels: object }[] }> }) {
  return (await metric.get()).values.find(
    (value) => JSON.stringify(value.labels) === JSON.stringify({ consumer: world.durable }),
  )?.value;
}

describe('DurableEventConsumer', () => {
  it('dead-letters a poison message after exactly max_deliver attempts and handles every good one once', async () => {
    const metrics = testMetrics();
    const lagReadings: number[] = [];
    const setLag = metrics.consumerLag.set.bind(metrics.consumerLag);
    jest.spyOn(metrics.consumerLag, 'set').mockImplementation(((labels: never, value: number) => {
      lagReadings.push(value);
      setLag(labels, value);
    }) as never);
    const alerts: DeadLetterRecord[] = [];
    const good = await publishEntries(25);
    const poison = cloudEvent({ ledger: 'poison', amount: 0 });
    const poisonSequence = await publish(poison);
    good.push(...(await publishEntries(25)));

    await startConsumer({ telemetry: { metrics }, onDeadLetter: (record) => void alerts.push(record) });

    await waitFor(
      async () => (await deadLetterCount()) === 1 && (await entryCounts()).size === 50,
      'all messages settled',
    );
    const counts = await entryCounts();
    expect(good.every((id) => counts.get(id) === 1 && world.calls.get(id) === 1)).toBe(true);
    expect(world.calls.get(poison.id)).toBe(MAX_DELIVER);

    const { letters } = await new DeadLetterReader(jsm, world.dlqStream).list();
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      consumer: world.durable,
      subject: world.subject,
      eventId: poison.id,
      stream: world.stream,
      streamSequence: poisonSequence,
      deliveryCount: MAX_DELIVER,
      error: { code: 'LEDGER_CLOSED', message: 'ledger poison is closed', hint: 'reopen it' },
    });
    expect(JSON.parse(new TextDecoder().decode(letters[0].data))).toMatchObject({ id: poison.id });
    expect(alerts).toEqual([expect.objectContaining({ eventId: poison.id, deliveryCount: MAX_DELIVER })]);

    expect(await metricValue(metrics.deadLetters)).toBe(1);
    expect(await metricValue(metrics.redeliveries)).toBe(MAX_DELIVER - 1);
    const handled = (await metrics.handlerSeconds.get()).values.find(
      (value) => value.metricName === 'handler_seconds_count',
    );
    expect(handled?.value).toBe(50 + MAX_DELIVER);
    await waitFor(async () => (await metricValue(metrics.consumerLag)) === 0, 'lag reported as 0');
    expect(Math.max(...lagReadings)).toBeGreaterThan(0);
  });

  it('keeps a message whose dead-letter publish failed on its last delivery until the letter is written', async () => {
    const failures: string[] = [];
    const logger = {
      info: () => undefined,
      warn: () => undefined,
      error: (message: string) => void failures.push(message),
    };
    await jsm.streams.delete(world.dlqStream);
    const poison = cloudEvent({ ledger: 'poison', amount: 0 });
    await publish(poison);

    await startConsumer({ telemetry: { logger } });
    // Every attempt used, and giving up failed twice: on the last attempt and on the spare delivery.
    await waitFor(
      () => failures.filter((message) => message === 'dead-letter publish failed').length >= 2,
      'two failed dead-letter publishes',
    );
    await ensureDeadLetterStream(jsm, world.dlqStream, { subjects: [`fai-dlq.${world.durable}.>`] });

    await waitFor(async () => (await deadLetterCount()) === 1, 'the dead letter');
    const { letters } = await new DeadLetterReader(jsm, world.dlqStream).list();
    expect(letters[0]).toMatchObject({ eventId: poison.id, error: { code: 'DELIVERIES_EXHAUSTED' } });
    expect(letters[0].deliveryCount).toBeGreaterThan(MAX_DELIVER + 1);
    expect(world.calls.get(poison.id)).toBe(MAX_DELIVER);
  });

  it('applies queued messages in few transactions, rolling a failing one back alone', async () => {
    const transactions = new Set<string>();
    const half = cloudEvent({ ledger: 'half', amount: 0 });
    const before = await publishEntries(20);
    await publish(half);
    const after = await publishEntries(20);

    await startConsumer({
      concurrency: 1,
      handle: async (event, tx) => {
        const { rows } = await tx.query<{ xid: string }>('SELECT txid_current()::text AS xid');
        transactions.add(rows[0].xid);
        await recordEntry(event, tx);
        // Written, then failed: the entry must not survive, the neighbours' entries must.
        if (event.data.ledger === 'half') throw new Error('failed after writing');
      },
    });

    await waitFor(
      async () => (await entryCounts()).size === 40 && (await deadLetterCount()) === 1,
      'forty entries and one letter',
    );
    const counts = await entryCounts();
    expect([...before, ...after].every((id) => counts.get(id) === 1)).toBe(true);
    expect(counts.has(half.id)).toBe(false);
    expect(world.calls.get(half.id)).toBe(MAX_DELIVER);
    // One transaction per event before batching: 41 + 2 retries.
    expect(transactions.size).toBeLessThan(20);
  });

  it('dead-letters a payload that breaks its contract at once, without calling the handler', async () => {
    const invalid = cloudEvent({ ledger: 'main', amount: 'ten' });
    await publish(invalid);
    const garbled = cloudEvent({ ledger: 'main', amount: 1 });
    await publish(garbled, { body: new TextEncoder().encode('{not json') });
    const [valid] = await publishEntries(1);

    await startConsumer();

    await waitFor(
      async () => (await deadLetterCount()) === 2 && (await entryCounts()).size === 1,
      'two letters, one entry',
    );
    const { letters } = await new DeadLetterReader(jsm, world.dlqStream).list({ consumer: world.durable });
    expect(
      letters.map(({ eventId, deliveryCount, error }) => ({ eventId, deliveryCount, code: error.code })),
    ).toEqual([
      { eventId: invalid.id, deliveryCount: 1, code: 'CONTRACT_VIOLATION' },
      { eventId: garbled.id, deliveryCount: 1, code: 'MALFORMED_EVENT' },
    ]);
    expect(world.calls.has(invalid.id)).toBe(false);
    expect(world.calls.get(valid)).toBe(1);
  });

  it('applies an event published twice under different message ids once', async () => {
    const event = cloudEvent({ ledger: 'main', amount: 7 });
    await publish(event, { msgID: `${event.id}-first` });
    await publish(event, { msgID: `${event.id}-second` });
    const [after] = await publishEntries(1);

    await startConsumer();

    await waitFor(async () => (await entryCounts()).has(after), 'the later event');
    expect((await entryCounts()).get(event.id)).toBe(1);
    expect(world.calls.get(event.id)).toBe(1);
    const { rows } = await world.pg.db.query(
      `SELECT event_id FROM ${ident(world.pg.schema)}.processed_events WHERE consumer = $1`,
      [world.durable],
    );
    expect(rows).toHaveLength(2);
  });

  it('prepares outside the transaction, once per event, and hands the result to the handler', async () => {
    const prepared: string[] = [];
    const openTransactions: number[] = [];
    const event = cloudEvent({ ledger: 'main', amount: 3 });
    await publish(event, { msgID: `${event.id}-first` });
    await publish(event, { msgID: `${event.id}-second` });
    const [after] = await publishEntries(1);

    const consumer = new DurableEventConsumer<AmountRecorded, string>(jetStreamMessageBus(nc), world.pg.db, {
      ...consumerOptions({ concurrency: 1 }),
      prepare: async (e) => {
        prepared.push(e.id);
        const { rows } = await world.pg.db.query<{ open: string }>(
          `SELECT count(*) AS open FROM pg_stat_activity
            WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()
              AND query LIKE '%processed_events%'`,
        );
        openTransactions.push(Number(rows[0].open));
        return `ledger ${e.data.ledger}`;
      },
      handle: async (e, tx, note) => {
        expect(note).toBe(`ledger ${e.data.ledger}`);
        await recordEntry(e, tx);
      },
    });
    world.consumers.push(consumer);
    await consumer.start();

    await waitFor(async () => (await entryCounts()).has(after), 'the later event');
    expect((await entryCounts()).get(event.id)).toBe(1);
    expect(prepared.filter((id) => id === event.id)).toHaveLength(1);
    expect(openTransactions.every((open) => open === 0)).toBe(true);
  });

  it('recognises a redelivery after a commit whose ack was lost', async () => {
    const [id] = await publishEntries(1);
    const processedEvents = new ProcessedEvents(world.pg.db, world.pg.schema);
    await processedEvents.migrate();
    const processor = createEventProcessor<AmountRecorded>({
      consumer: world.durable,
      processedEvents,
      decode: decode as (message: DeliveredMessage) => AmountRecorded,
      handle: recordEntry,
      deadLetters: new JetStreamPublisher(js),
      maxDeliver: MAX_DELIVER,
      backoffMs: BACKOFF_MS,
    });
    const deliveries: number[] = [];
    const acked = deferred();
    const handle = await new JetStreamSubscriber(nc, { stream: world.stream, fetchExpiresMs: 1000 }).consume(
      {
        durableName: world.durable,
        filterSubjects: [world.subject],
        maxDeliver: MAX_DELIVER + 1,
        ackWaitMs: 30_000,
        backoffMs: BACKOFF_MS,
      },
      (message) => {
        deliveries.push(message.deliveryCount);
        // The first delivery commits, then "crashes": its ack never reaches the server.
        const lostAck = message.deliveryCount === 1;
        return processor({
          subject: message.subject,
          id: message.id,
          headers: message.headers,
          data: message.data,
          deliveryCount: message.deliveryCount,
          ack: () => {
            if (lostAck) return;
            message.ack();
            acked.resolve();
          },
          nak: (delayMs) => message.nak(delayMs),
          term: () => message.term(),
        });
      },
    );
    try {
      await acked.promise;
    } finally {
      await handle.stop();
    }
    expect(deliveries).toEqual([1, 2]);
    expect(world.calls.get(id)).toBe(1);
    expect((await entryCounts()).get(id)).toBe(1);
  });

  it('never runs more handlers at once than its concurrency', async () => {
    let inFlight = 0;
    let peak = 0;
    await publishEntries(30);
    await startConsumer({
      concurrency: 3,
      handle: async (event, tx) => {
        peak = Math.max(peak, ++inFlight);
        await sleep(20);
        inFlight--;
        await recordEntry(event, tx);
      },
    });
    await waitFor(async () => (await entryCounts()).size === 30, '30 entries');
    expect(peak).toBe(3);
  });

  it('keeps a message whose handler outlasts the ack wait from being redelivered', async () => {
    const deliveries: number[] = [];
    const [id] = await publishEntries(1);
    await startConsumer({
      decode: (message) => {
        deliveries.push(message.deliveryCount);
        return decode(message) as AmountRecorded;
      },
      handle: async (event, tx) => {
        await sleep(BACKOFF_MS[0] * 3);
        await recordEntry(event, tx);
      },
    });
    await waitFor(async () => (await entryCounts()).has(id), 'the entry');
    await sleep(BACKOFF_MS[0] * 2);
    expect(deliveries).toEqual([1]);
  });

  it('spreads the work of one durable over two replicas, each event applied once', async () => {
    const byReplica = [0, 0];
    const replica = (index: number) =>
      startConsumer({
        concurrency: 2,
        handle: async (event, tx) => {
          byReplica[index]++;
          await sleep(15);
          await recordEntry(event, tx);
        },
      });
    await Promise.all([replica(0), replica(1)]);
    const ids = await publishEntries(40);

    await waitFor(async () => (await entryCounts()).size === 40, '40 entries');
    const counts = await entryCounts();
    expect(ids.every((id) => counts.get(id) === 1)).toBe(true);
    expect(byReplica[0]).toBeGreaterThan(0);
    expect(byReplica[1]).toBeGreaterThan(0);
    expect(byReplica[0] + byReplica[1]).toBe(40);
  });

  it('runs the handler in the publisher trace and the event log context', async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const event = cloudEvent({ ledger: 'main', amount: 1 }, randomUUID(), {
      cycleid: 'cycle-7',
      fundid: 'fund-3',
    });
    await publish(event, { headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` } });
    const seen = deferred();
    let observed: unknown;
    await startConsumer({
      handle: async () => {
        observed = { traceId: trace.getSpanContext(context.active())?.traceId, log: currentLogContext() };
        seen.resolve();
      },
    });
    await seen.promise;
    await waitFor(
      () => spans.getFinishedSpans().some((span) => span.name === `process ${world.subject}`),
      'the consumer span',
    );
    const consumerSpan = spans.getFinishedSpans().find((span) => span.name === `process ${world.subject}`);
    expect(consumerSpan?.spanContext().traceId).toBe(traceId);
    expect(observed).toEqual({
      traceId,
      log: expect.objectContaining({
        correlationId: event.correlationid,
        cycleId: 'cycle-7',
        fundId: 'fund-3',
      }),
    });
  });

  it('drains: handlers in flight finish, and what was not acked goes to the next instance', async () => {
    const ids = await publishEntries(10);
    const [quick, stuck] = ids;
    const quickGate = deferred();
    const stuckGate = deferred();
    const started = new Set<string>();
    const first = await startConsumer({
      concurrency: 2,
      handle: async (event, tx) => {
        started.add(event.id);
        if (event.id === quick) await quickGate.promise;
        if (event.id === stuck) await stuckGate.promise;
        await recordEntry(event, tx);
      },
    });
    await waitFor(() => started.has(quick) && started.has(stuck), 'both gated handlers to start');

    const drained = first.drain(1000);
    // Longer than the ack wait (the first backoff): the keep-alive must hold both messages.
    await sleep(400);
    quickGate.resolve();
    await drained;
    expect(started.size).toBe(2);
    expect([...(await entryCounts()).keys()]).toEqual([quick]);

    const redelivered: string[] = [];
    await startConsumer({
      handle: async (event, tx) => {
        redelivered.push(event.id);
        await recordEntry(event, tx);
      },
    });
    // The stuck handler's transaction holds its claim: the new instance waits on it, then skips it.
    await sleep(300);
    stuckGate.resolve();
    await waitFor(async () => (await entryCounts()).size === 10, 'all 10 entries');
    const counts = await entryCounts();
    expect(ids.every((id) => counts.get(id) === 1)).toBe(true);
    expect(redelivered).not.toContain(quick);
    expect(redelivered).toHaveLength(8);
  });
});
