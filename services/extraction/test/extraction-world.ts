import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilesystemArtefactStore } from '@fai/artefact-store';
import {
  createRegistry,
  dataSchemaUri,
  DEAD_LETTER_SUBJECT_PREFIX,
  EVENT_SUBJECT_PREFIX,
  eventTypeName,
  type CloudEvent,
  type EventContract,
} from '@fai/contracts';
import { PostgresEventStore } from '@fai/event-store';
import {
  CommandClient,
  ensureDeadLetterStream,
  ensureEventStream,
  EventRelay,
  JetStreamPublisher,
  PgAdvisoryLeaderLock,
  toBusMessage,
} from '@fai/messaging';
import { createTestSchema, NATS_URL, PG_URL, uniqueName, type TestSchema } from '@fai/testing';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { connect, type ConsumerMessages, type NatsConnection } from 'nats';
import { ClaimsQueryServer } from '../src/claim-queries/claims-query.server';
import { sourcesUnder } from '../src/infrastructure/extraction-consumers';
import { createExtractionService } from '../src/infrastructure/extraction-service';

/**
 * The extraction service on the real servers, as its Nest module wires it, but in a schema,
 * streams and subjects of its own: events live under `fai.<unique>.…`, so concurrent suites
 * never capture each other's subjects.
 */
export interface ExtractionWorld {
  test: TestSchema;
  store: PostgresEventStore;
  artefacts: FilesystemArtefactStore;
  commands: CommandClient;
  querySubject: string;
  /** Publishes an event as another service's relay would (structured CloudEvent, contract headers). */
  publish<T>(contract: EventContract<T>, data: T, extensions?: Partial<CloudEvent>): Promise<string>;
  /** Extraction's events on the bus, in order, as they arrive. */
  published: CloudEvent[];
  waitFor(predicate: (event: CloudEvent) => boolean, what: string): Promise<CloudEvent>;
  /** Resolves once the given consumer has applied the event (it may have decided nothing). */
  waitProcessed(consumer: string, eventId: string): Promise<void>;
  waitUntil(check: () => Promise<boolean>, what: string): Promise<void>;
  close(): Promise<void>;
}

const WAIT_MS = 30_000;
const POLL_MS = 50;

const DURABLES = ['extraction', 'extraction-runs', 'extraction-funds'];

export async function openExtractionWorld(): Promise<ExtractionWorld> {
  const test = await createTestSchema('extraction');
  const nc: NatsConnection = await connect({ servers: NATS_URL });
  const root = await mkdtemp(join(tmpdir(), 'fai-extraction-'));
  // Undone in reverse order by close(), or at once when opening fails half-way.
  const undo: Array<() => Promise<unknown>> = [
    () => rm(root, { recursive: true, force: true }),
    () => test.drop(),
    () => nc.close(),
  ];
  const close = async () => {
    for (const step of undo.reverse()) await step().catch(() => undefined);
  };
  try {
    return await open(test, nc, root, undo, close);
  } catch (error) {
    await close();
    throw error;
  }
}

async function open(
  test: TestSchema,
  nc: NatsConnection,
  root: string,
  undo: Array<() => Promise<unknown>>,
  close: () => Promise<void>,
): Promise<ExtractionWorld> {
  const store = new PostgresEventStore(test.db, { schema: test.schema });
  await store.migrate();
  const jsm = await nc.jetstreamManager();
  const token = uniqueName('x');
  const prefix = `${EVENT_SUBJECT_PREFIX}.${token}`;
  const stream = `EXTRACTION_${token}`.toUpperCase();
  const dlq = `${stream}_DLQ`;
  undo.push(() => jsm.streams.delete(stream));
  await ensureEventStream(jsm, { name: stream, subjects: [`${prefix}.>`] });
  undo.push(() => jsm.streams.delete(dlq));
  await ensureDeadLetterStream(jsm, dlq, {
    subjects: DURABLES.map((durable) => `${DEAD_LETTER_SUBJECT_PREFIX}.${durable}.${prefix}.>`),
  });
  const artefacts = new FilesystemArtefactStore(root);

  const service = createExtractionService({
    db: test.db,
    store,
    schema: test.schema,
    nc,
    artefacts,
    stream,
    sources: sourcesUnder(prefix),
    concurrency: 2,
    tuning: {
      fetchExpiresMs: 1000,
      backoffMs: [10_000, 10_000],
      lagIntervalMs: 60_000,
      drainTimeoutMs: 5000,
    },
  });
  undo.push(() => service.consumers.drain(5000));
  await service.consumers.start();

  const relay = new EventRelay({
    name: 'extraction',
    schema: test.schema,
    db: test.db,
    store,
    bus: new JetStreamPublisher(nc.jetstream()),
    lock: new PgAdvisoryLeaderLock({ connectionString: PG_URL }, `${test.schema}:relay:extraction`),
    resolveType: (name, version) =>
      eventTypeName('extraction', name, version).replace(EVENT_SUBJECT_PREFIX, prefix),
    source: 'fai/extraction',
    pollIntervalMs: 100,
  });
  undo.push(() => relay.stop());
  await relay.start();

  const queries = new ClaimsQueryServer({
    natsUrl: NATS_URL,
    subjectPrefix: uniqueName('cmd'),
    registry: createRegistry(),
    query: service.query,
  });
  undo.push(() => queries.stop());
  await queries.start();
  const proxy: ClientProxy = ClientProxyFactory.create({
    transport: Transport.NATS,
    options: { servers: [NATS_URL] },
  });
  undo.push(() => proxy.close());
  await proxy.connect();

  const published: CloudEvent[] = [];
  const collector = await nc.jetstream().consumers.get(stream, { filterSubjects: `${prefix}.extraction.>` });
  const messages: ConsumerMessages = await collector.consume();
  const collecting = (async () => {
    for await (const message of messages) published.push(message.json<CloudEvent>());
  })();
  undo.push(async () => {
    messages.stop();
    await collecting;
  });

  const publisher = new JetStreamPublisher(nc.jetstream());
  const waitUntil = async (check: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + WAIT_MS;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };

  return {
    test,
    store,
    artefacts,
    commands: new CommandClient(proxy, { timeoutMs: 10_000 }),
    querySubject: queries.subject,
    published,
    async publish(contract, data, extensions = {}) {
      const type = contract.type.replace(EVENT_SUBJECT_PREFIX, prefix);
      const event: CloudEvent = {
        specversion: '1.0',
        id: randomUUID(),
        source: `fai/${contract.context}`,
        type,
        subject: type,
        time: new Date().toISOString(),
        datacontenttype: 'application/json',
        dataschema: dataSchemaUri(contract.type),
        correlationid: randomUUID(),
        ...extensions,
        data,
      };
      await publisher.publish([toBusMessage(event, contract.name, contract.version)]);
      return event.id;
    },
    async waitFor(predicate, what) {
      let found: CloudEvent | undefined;
      await waitUntil(async () => (found = published.find(predicate)) !== undefined, what);
      return found!;
    },
    waitProcessed(consumer, eventId) {
      return waitUntil(async () => {
        const { rows } = await test.db.query(
          `SELECT 1 FROM "${test.schema}".processed_events WHERE consumer = $1 AND event_id = $2`,
          [consumer, eventId],
        );
        return rows.length === 1;
      }, `${consumer} to process ${eventId}`);
    },
    waitUntil,
    close,
  };
}
