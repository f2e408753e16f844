import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEAD_LETTER_SUBJECT_PREFIX,
  EVENT_SUBJECT_PREFIX,
  eventTypeName,
  type CloudEvent,
  type EventContract,
} from '@fai/contracts';
import { ident, PostgresEventStore } from '@fai/event-store';
import {
  CommandClient,
  commandErrorReply,
  ensureDeadLetterStream,
  ensureEventStream,
  EventRelay,
  JetStreamPublisher,
  PgAdvisoryLeaderLock,
} from '@fai/messaging';
import { ClientProxyFactory, ServerNats, Transport } from '@nestjs/microservices';
import { connect, type NatsConnection } from 'nats';
import { from, type Observable } from 'rxjs';
import { publishAs, type EventEnvelope } from './bus-events';
import { eventually } from './eventually';
import { createTestSchema, NATS_URL, PG_URL, uniqueName, type TestSchema } from './test-servers';

export interface ServiceWorldOptions {
  /** The bounded context under test: names its schema, stream, relay and the events `published` collects. */
  context: string;
  /** The durable consumers the service runs: each gets its dead-letter subjects in the world's DLQ. */
  durables: readonly string[];
  /** How long waitFor / waitUntil / waitProcessed wait before failing. */
  waitMs?: number;
  /** How long a command sent through `commands` waits for its reply. */
  commandTimeoutMs?: number;
}

/**
 * A service's surroundings on the real servers, of its own: a schema with the event store, an
 * event stream and DLQ for `fai.<unique>.…` subjects, a command prefix, a scratch folder and a
 * command client, so concurrent suites never see each other's rows or messages.
 */
export interface ServiceWorld {
  test: TestSchema;
  store: PostgresEventStore;
  nc: NatsConnection;
  /** Events live under this prefix instead of `fai` (`fai.<unique>`). */
  prefix: string;
  stream: string;
  /** Commands live under this first token instead of `fai-cmd`. */
  commandPrefix: string;
  /** A scratch folder removed on close. */
  root: string;
  commands: CommandClient;
  /** The context's events on the bus, in order, as they arrive. */
  published: CloudEvent[];
  /** Publishes an event as another service's relay would (structured CloudEvent, contract headers). */
  publish<T>(contract: EventContract<T>, data: T, envelope?: Omit<EventEnvelope, 'prefix'>): Promise<string>;
  /** Collects the stream's events on `filterSubjects` into `into` until close. */
  collect(filterSubjects: string, into: CloudEvent[]): Promise<void>;
  /** Relays the context's outbox to the world's stream until close. */
  startRelay(): Promise<void>;
  /** Answers request-reply subjects on the real bus as another service would; errors become command error replies. */
  respond(handlers: Record<string, (request: never) => unknown>): Promise<void>;
  waitFor(predicate: (event: CloudEvent) => boolean, what: string): Promise<CloudEvent>;
  waitUntil(check: () => Promise<boolean>, what: string): Promise<void>;
  /** Resolves once the consumer has applied the event (it may have decided nothing). */
  waitProcessed(consumer: string, eventId: string): Promise<void>;
  /** Registers a teardown step; close() runs them in reverse order. */
  onClose(step: () => Promise<unknown>): void;
  close(): Promise<void>;
}

const POLL_MS = 50;

/**
 * Opens a service world and lets `build` start the service in it; when anything fails half-way,
 * what was opened is closed again before the error is rethrown.
 */
export async function openServiceWorld<T>(
  options: ServiceWorldOptions,
  build: (world: ServiceWorld) => Promise<T>,
): Promise<T> {
  const undo: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const step of undo.splice(0).reverse()) await step().catch(() => undefined);
  };
  try {
    return await build(await open(options, undo, close));
  } catch (error) {
    await close();
    throw error;
  }
}

async function open(
  options: ServiceWorldOptions,
  undo: Array<() => Promise<unknown>>,
  close: () => Promise<void>,
): Promise<ServiceWorld> {
  const { context } = options;
  const root = await mkdtemp(join(tmpdir(), `fai-${context}-`));
  undo.push(() => rm(root, { recursive: true, force: true }));
  const test = await createTestSchema(context);
  undo.push(() => test.drop());
  const nc: NatsConnection = await connect({ servers: NATS_URL });
  undo.push(() => nc.close());

  const store = new PostgresEventStore(test.db, { schema: test.schema });
  await store.migrate();
  const jsm = await nc.jetstreamManager();
  const token = uniqueName(context.slice(0, 1));
  const prefix = `${EVENT_SUBJECT_PREFIX}.${token}`;
  const stream = `${context}_${token}`.toUpperCase();
  const dlq = `${stream}_DLQ`;
  undo.push(() => jsm.streams.delete(stream));
  await ensureEventStream(jsm, { name: stream, subjects: [`${prefix}.>`] });
  undo.push(() => jsm.streams.delete(dlq));
  await ensureDeadLetterStream(jsm, dlq, {
    subjects: options.durables.map((durable) => `${DEAD_LETTER_SUBJECT_PREFIX}.${durable}.${prefix}.>`),
  });

  const proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [NATS_URL] } });
  undo.push(() => proxy.close());
  await proxy.connect();
  const commands = new CommandClient(proxy, { timeoutMs: options.commandTimeoutMs ?? 20_000 });

  const collect = async (filterSubjects: string, into: CloudEvent[]) => {
    const messages = await (await nc.jetstream().consumers.get(stream, { filterSubjects })).consume();
    const collecting = (async () => {
      for await (const message of messages) into.push(message.json<CloudEvent>());
    })();
    undo.push(async () => {
      messages.stop();
      await collecting;
    });
  };
  const published: CloudEvent[] = [];
  await collect(`${prefix}.${context}.>`, published);

  const publisher = new JetStreamPublisher(nc.jetstream());
  const waitMs = options.waitMs ?? 30_000;
  const waitUntil = async (check: () => Promise<boolean>, what: string) => {
    await eventually(what, async () => (await check()) || undefined, waitMs, POLL_MS);
  };

  return {
    test,
    store,
    nc,
    prefix,
    stream,
    commandPrefix: uniqueName('cmd'),
    root,
    commands,
    published,
    publish: (contract, data, envelope) => publishAs(publisher, contract, data, { ...envelope, prefix }),
    collect,
    async startRelay() {
      const relay = new EventRelay({
        name: context,
        schema: test.schema,
        db: test.db,
        store,
        bus: publisher,
        lock: new PgAdvisoryLeaderLock({ connectionString: PG_URL }, `${test.schema}:relay:${context}`),
        resolveType: (name, version) =>
          eventTypeName(context, name, version).replace(EVENT_SUBJECT_PREFIX, prefix),
        source: `fai/${context}`,
        pollIntervalMs: 100,
      });
      undo.push(() => relay.stop());
      await relay.start();
    },
    async respond(handlers) {
      const responder = await answerOnBus(`${context}-world`, handlers);
      undo.push(() => responder.close());
    },
    async waitFor(predicate, what) {
      let found: CloudEvent | undefined;
      await waitUntil(async () => (found = published.find(predicate)) !== undefined, what);
      return found!;
    },
    waitUntil,
    waitProcessed(consumer, eventId) {
      return waitUntil(async () => {
        const { rows } = await test.db.query(
          `SELECT 1 FROM ${ident(test.schema)}.processed_events WHERE consumer = $1 AND event_id = $2`,
          [consumer, eventId],
        );
        return rows.length === 1;
      }, `${consumer} to process ${eventId}`);
    },
    onClose: (step) => void undo.push(step),
    close,
  };
}

/**
 * Answers request-reply subjects on the real bus (a queue group, as a service's command server
 * does); a handler's error goes back as the command error reply a service would send.
 */
export async function answerOnBus(
  queue: string,
  handlers: Record<string, (request: never) => unknown>,
): Promise<ServerNats> {
  const responder = new ServerNats({ servers: [NATS_URL], queue });
  for (const [subject, handle] of Object.entries(handlers))
    responder.addHandler(subject, (request: unknown) =>
      Promise.resolve(answer(() => handle(request as never))),
    );
  await new Promise<void>((resolve, reject) =>
    responder.listen((error?: unknown) => (error ? reject(error as Error) : resolve())),
  );
  return responder;
}

function answer(work: () => unknown): Observable<unknown> {
  return from(
    Promise.resolve()
      .then(work)
      .catch((error: unknown) => {
        throw commandErrorReply(error);
      }),
  );
}
