import { randomUUID } from 'node:crypto';
import {
  dataSchemaUri,
  DEAD_LETTER_SUBJECT_PREFIX,
  EVENT_SUBJECT_PREFIX,
  eventTypeName,
  evidencePackBuiltV1,
  memoDraftedV1,
  reportPublishedV1,
  runStartedV1,
  type AnyCommandContract,
  type CloudEvent,
  type EventContract,
  type EvidencePackBuiltV1,
  type MemoDraftedV1,
  type ReportPublishedV1,
  type RunStartedV1,
} from '@fai/contracts';
import { ident, PostgresEventStore } from '@fai/event-store';
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
import { createLogger } from '@fai/observability';
import { ApprovalCommandServer, commandSubject } from '../src/infrastructure/approval-command.server';
import { sourcesUnder } from '../src/infrastructure/approval-consumers';
import { createApprovalService } from '../src/infrastructure/approval-service';

/**
 * The approval service on the real servers, wired as its Nest module wires it, but in a schema,
 * streams and subjects of its own: events live under `fai.<unique>.…` and commands under a unique
 * first token, so concurrent suites never see each other's messages.
 */
export interface ApprovalWorld {
  test: TestSchema;
  store: PostgresEventStore;
  /** Sends a command to the approval service (the subject under this world's prefix). */
  send<TReply>(contract: AnyCommandContract, payload: unknown): Promise<TReply>;
  /** Publishes an event as another service's relay would (structured CloudEvent, contract headers). */
  publish<T>(contract: EventContract<T>, data: T, extensions?: Partial<CloudEvent>): Promise<string>;
  /** Approval's events on the bus, in order, as they arrive. */
  published: CloudEvent[];
  waitFor(predicate: (event: CloudEvent) => boolean, what: string): Promise<CloudEvent>;
  /** Resolves once the consumer has applied the event (it may have decided nothing). */
  waitProcessed(consumer: string, eventId: string): Promise<void>;
  waitUntil(check: () => Promise<boolean>, what: string): Promise<void>;
  /** The rows of one of approval's tables. */
  rows(
    table: 'fund_review_queue' | 'known_run',
    where?: Record<string, string>,
  ): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const WAIT_MS = 30_000;
const POLL_MS = 50;
const DURABLES = ['approval-runs', 'approval-reports'];

export async function openApprovalWorld(): Promise<ApprovalWorld> {
  const test = await createTestSchema('approval');
  const nc: NatsConnection = await connect({ servers: NATS_URL });
  // Undone in reverse order by close(), or at once when opening fails half-way.
  const undo: Array<() => Promise<unknown>> = [() => test.drop(), () => nc.close()];
  const close = async () => {
    for (const step of undo.reverse()) await step().catch(() => undefined);
  };
  try {
    return await open(test, nc, undo, close);
  } catch (error) {
    await close();
    throw error;
  }
}

async function open(
  test: TestSchema,
  nc: NatsConnection,
  undo: Array<() => Promise<unknown>>,
  close: () => Promise<void>,
): Promise<ApprovalWorld> {
  const store = new PostgresEventStore(test.db, { schema: test.schema });
  await store.migrate();
  const jsm = await nc.jetstreamManager();
  const token = uniqueName('a');
  const prefix = `${EVENT_SUBJECT_PREFIX}.${token}`;
  const stream = `APPROVAL_${token}`.toUpperCase();
  const dlq = `${stream}_DLQ`;
  undo.push(() => jsm.streams.delete(stream));
  await ensureEventStream(jsm, { name: stream, subjects: [`${prefix}.>`] });
  undo.push(() => jsm.streams.delete(dlq));
  await ensureDeadLetterStream(jsm, dlq, {
    subjects: DURABLES.map((durable) => `${DEAD_LETTER_SUBJECT_PREFIX}.${durable}.${prefix}.>`),
  });

  const logger = createLogger('approval', { level: 'warn' });
  const service = createApprovalService({
    db: test.db,
    store,
    pgUrl: PG_URL,
    schema: test.schema,
    nc,
    stream,
    sources: sourcesUnder(prefix),
    tuning: {
      fetchExpiresMs: 1000,
      backoffMs: [200, 200],
      maxDeliver: 2,
      lagIntervalMs: 60_000,
      drainTimeoutMs: 5000,
    },
    telemetry: { logger },
  });
  undo.push(() => service.drain(5000));
  await service.start();

  const relay = new EventRelay({
    name: 'approval',
    schema: test.schema,
    db: test.db,
    store,
    bus: new JetStreamPublisher(nc.jetstream()),
    lock: new PgAdvisoryLeaderLock({ connectionString: PG_URL }, `${test.schema}:relay:approval`),
    resolveType: (name, version) =>
      eventTypeName('approval', name, version).replace(EVENT_SUBJECT_PREFIX, prefix),
    source: 'fai/approval',
    pollIntervalMs: 100,
  });
  undo.push(() => relay.stop());
  await relay.start();

  const commandPrefix = uniqueName('cmd');
  const server = new ApprovalCommandServer(
    { natsUrl: NATS_URL, subjectPrefix: commandPrefix, logger },
    service,
  );
  undo.push(() => server.stop());
  await server.start();
  const proxy: ClientProxy = ClientProxyFactory.create({
    transport: Transport.NATS,
    options: { servers: [NATS_URL] },
  });
  undo.push(() => proxy.close());
  await proxy.connect();
  const client = new CommandClient(proxy, { timeoutMs: 10_000 });

  const published: CloudEvent[] = [];
  const collector = await nc.jetstream().consumers.get(stream, { filterSubjects: `${prefix}.approval.>` });
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
    send: (contract, payload) => client.send(commandSubject(commandPrefix, contract), payload),
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
          `SELECT 1 FROM ${ident(test.schema)}.processed_events WHERE consumer = $1 AND event_id = $2`,
          [consumer, eventId],
        );
        return rows.length === 1;
      }, `${consumer} to process ${eventId}`);
    },
    waitUntil,
    async rows(table, where = {}) {
      const entries = Object.entries(where);
      const clause = entries.map(([column], index) => `${ident(column)} = $${index + 1}`).join(' AND ');
      const { rows } = await test.db.query(
        `SELECT * FROM ${ident(test.schema)}.${ident(table)}${clause ? ` WHERE ${clause}` : ''}`,
        entries.map(([, value]) => value),
      );
      return rows;
    },
    close,
  };
}

// ---- other services' events, as their contracts shape them ----------------------------------

export const PORTFOLIO = 'pf-001';

/** A cycle of this test alone: ids are unique so nothing leaks between tests sharing a schema. */
export function newCycle(): { cycleId: string; run1: string; run2: string } {
  const cycleId = `${PORTFOLIO}-2026-10-${uniqueName('c')}`;
  return { cycleId, run1: `${cycleId}-run-1`, run2: `${cycleId}-run-2` };
}

export function runStarted(
  cycleId: string,
  runId: string,
  runNumber: number,
  operator: string,
): RunStartedV1 {
  return {
    cycleId,
    runId,
    runNumber,
    pinnedPolicyVersions: {},
    cause: { kind: 'operator', actor: operator },
    at: '2026-11-04T07:00:00.000Z',
  };
}

export function memoDrafted(
  cycleId: string,
  runId: string,
  fundId: string,
  memoId: string,
  version = 1,
): MemoDraftedV1 {
  return { ...memoDraftedV1.example, portfolioId: PORTFOLIO, cycleId, runId, fundId, memoId, version };
}

export function evidencePackBuilt(
  cycleId: string,
  runId: string,
  fundId: string,
  memoId: string,
  evidenceCoverage = '1',
): EvidencePackBuiltV1 {
  return {
    ...evidencePackBuiltV1.example,
    portfolioId: PORTFOLIO,
    cycleId,
    runId,
    fundId,
    memoId,
    packId: `pack-${memoId}`,
    evidenceCoverage,
  };
}

export function reportPublished(
  cycleId: string,
  runId: string,
  fundId: string,
  memoId: string,
): ReportPublishedV1 {
  return {
    ...reportPublishedV1.example,
    portfolioId: PORTFOLIO,
    cycleId,
    runId,
    fundId,
    memoId,
    reportId: `report-${fundId}`,
  };
}

export { runStartedV1, memoDraftedV1, evidencePackBuiltV1, reportPublishedV1 };
