import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FilesystemArtefactStore } from '@fai/artefact-store';
import {
  createRegistry,
  dataSchemaUri,
  DEAD_LETTER_SUBJECT_PREFIX,
  EVENT_SUBJECT_PREFIX,
  eventTypeName,
  FaiError,
  getClaimsV1,
  getFundReviewV1,
  type ClaimView,
  type CloudEvent,
  type EventContract,
  type GetClaimsRequest,
  type GetFundReviewReply,
  type GetFundReviewRequest,
} from '@fai/contracts';
import { PostgresEventStore } from '@fai/event-store';
import {
  CommandClient,
  commandErrorReply,
  ensureDeadLetterStream,
  ensureEventStream,
  EventRelay,
  JetStreamPublisher,
  PgAdvisoryLeaderLock,
  toBusMessage,
} from '@fai/messaging';
import { createTestSchema, NATS_URL, PG_URL, uniqueName, type TestSchema } from '@fai/testing';
import { ClientProxyFactory, ServerNats, Transport, type ClientProxy } from '@nestjs/microservices';
import { connect, type ConsumerMessages, type NatsConnection } from 'nats';
import { from, throwError, type Observable } from 'rxjs';
import { sourcesUnder } from '../src/infrastructure/reporting-consumers';
import { createReportingService } from '../src/infrastructure/reporting-service';
import { PublicationCommandServer } from '../src/publication/publication-command.server';
import type { RealArtefact } from './real-fund.fixture';

/**
 * The reporting service on the real servers, as its Nest module wires it, in a schema, streams and
 * subjects of its own. Validation's GetFundReview and extraction's GetClaims are answered by
 * responders on the real bus from what the test sets; events from other services are published
 * as their relays would.
 */
export interface ReportingWorld {
  test: TestSchema;
  commands: CommandClient;
  publishSubject: string;
  service: ReturnType<typeof createReportingService>;
  /** What GetFundReview answers, by fund id (absent: FUND_REVIEW_NOT_FOUND). */
  reviews: Map<string, GetFundReviewReply>;
  /** What GetClaims answers for a run. */
  claims: Map<
    string,
    {
      claims: ClaimView[];
      claimSets: Array<{
        artefactId: string;
        sha256: string;
        extractor: ClaimView['extractor'];
        claimCount: number;
      }>;
    }
  >;
  putArtefact(artefact: RealArtefact): Promise<void>;
  publish<T>(contract: EventContract<T>, data: T): Promise<string>;
  /** Reporting's events on the bus, in order. */
  published: CloudEvent[];
  /** What a downstream system subscribed to ReportPublished received. */
  downstream: CloudEvent[];
  waitFor(predicate: (event: CloudEvent) => boolean, what: string): Promise<CloudEvent>;
  waitUntil(check: () => Promise<boolean>, what: string): Promise<void>;
  close(): Promise<void>;
}

const WAIT_MS = 45_000;
const POLL_MS = 50;
const DURABLES = ['reporting-runs', 'reporting-approvals'];
const CLAIMS_PAGE = 50;

export async function openReportingWorld(): Promise<ReportingWorld> {
  const test = await createTestSchema('reporting');
  const nc: NatsConnection = await connect({ servers: NATS_URL });
  const root = await mkdtemp(join(tmpdir(), 'fai-reporting-'));
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
): Promise<ReportingWorld> {
  const store = new PostgresEventStore(test.db, { schema: test.schema });
  await store.migrate();
  const jsm = await nc.jetstreamManager();
  const token = uniqueName('r');
  const prefix = `${EVENT_SUBJECT_PREFIX}.${token}`;
  const stream = `REPORTING_${token}`.toUpperCase();
  const dlq = `${stream}_DLQ`;
  undo.push(() => jsm.streams.delete(stream));
  await ensureEventStream(jsm, { name: stream, subjects: [`${prefix}.>`] });
  undo.push(() => jsm.streams.delete(dlq));
  await ensureDeadLetterStream(jsm, dlq, {
    subjects: DURABLES.map((durable) => `${DEAD_LETTER_SUBJECT_PREFIX}.${durable}.${prefix}.>`),
  });
  const artefacts = new FilesystemArtefactStore(join(root, 'artefacts'));
  const registry = createRegistry();
  const commandPrefix = uniqueName('cmd');
  const reviews = new Map<string, GetFundReviewReply>();
  const claims: ReportingWorld['claims'] = new Map();

  const responders = new ServerNats({ servers: [NATS_URL], queue: 'responders' });
  const answer = (work: () => unknown): Observable<unknown> => {
    try {
      return from(Promise.resolve(work()));
    } catch (error) {
      return throwError(() => commandErrorReply(error));
    }
  };
  responders.addHandler(
    getFundReviewV1.subject.replace(/^[^.]+/, commandPrefix),
    (data: GetFundReviewRequest) =>
      Promise.resolve(
        answer(() => {
          const review = reviews.get(data.fundId);
          if (!review)
            throw new FaiError({
              code: 'FUND_REVIEW_NOT_FOUND',
              message: `run ${data.runId} never validated ${data.fundId}`,
            });
          return registry.validateReply(getFundReviewV1.name, getFundReviewV1.version, {
            ...review,
            cycleId: data.cycleId,
            runId: data.runId,
          });
        }),
      ),
  );
  // Pages of CLAIMS_PAGE claims, the cursor an offset: the service must follow nextCursor.
  responders.addHandler(getClaimsV1.subject.replace(/^[^.]+/, commandPrefix), (data: GetClaimsRequest) =>
    Promise.resolve(
      answer(() => {
        const run = claims.get(data.runId!) ?? { claims: [], claimSets: [] };
        const start = Number(data.cursor ?? 0);
        const end = start + CLAIMS_PAGE;
        return {
          claimSets: run.claimSets,
          claims: run.claims.slice(start, end),
          ...(end < run.claims.length ? { nextCursor: String(end) } : {}),
        };
      }),
    ),
  );
  await new Promise<void>((resolve, reject) =>
    responders.listen((error?: unknown) => (error ? reject(error as Error) : resolve())),
  );
  undo.push(() => responders.close());

  const proxy: ClientProxy = ClientProxyFactory.create({
    transport: Transport.NATS,
    options: { servers: [NATS_URL] },
  });
  undo.push(() => proxy.close());
  await proxy.connect();
  const commands = new CommandClient(proxy, { timeoutMs: 20_000 });

  const service = createReportingService({
    db: test.db,
    store,
    schema: test.schema,
    nc,
    registry,
    stream,
    sources: sourcesUnder(prefix),
    publishedSubject: `${prefix}.reporting.report-published.v1`,
    commands,
    commandSubjectPrefix: commandPrefix,
    artefacts,
    outputs: new FilesystemArtefactStore(join(root, 'outputs')),
    templateVersion: 'memo@1',
    kpiConfigId: 'kpi-config@1',
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
    name: 'reporting',
    schema: test.schema,
    db: test.db,
    store,
    bus: new JetStreamPublisher(nc.jetstream()),
    lock: new PgAdvisoryLeaderLock({ connectionString: PG_URL }, `${test.schema}:relay:reporting`),
    resolveType: (name, version) =>
      eventTypeName('reporting', name, version).replace(EVENT_SUBJECT_PREFIX, prefix),
    source: 'fai/reporting',
    pollIntervalMs: 100,
  });
  undo.push(() => relay.stop());
  await relay.start();

  const server = new PublicationCommandServer({
    natsUrl: NATS_URL,
    subjectPrefix: commandPrefix,
    registry,
    publish: service.publish,
  });
  undo.push(() => server.stop());
  await server.start();

  const collect = async (filterSubjects: string, into: CloudEvent[]) => {
    const consumer = await nc.jetstream().consumers.get(stream, { filterSubjects });
    const messages: ConsumerMessages = await consumer.consume();
    const collecting = (async () => {
      for await (const message of messages) into.push(message.json<CloudEvent>());
    })();
    undo.push(async () => {
      messages.stop();
      await collecting;
    });
  };
  const published: CloudEvent[] = [];
  const downstream: CloudEvent[] = [];
  await collect(`${prefix}.reporting.>`, published);
  await collect(`${prefix}.reporting.report-published.v1`, downstream);

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
    commands,
    publishSubject: server.subject,
    service,
    reviews,
    claims,
    async putArtefact(artefact) {
      await artefacts.put(Readable.from([artefact.bytes]), { maxBytes: 64 * 1024 * 1024 });
    },
    published,
    downstream,
    async publish(contract, data) {
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
    waitUntil,
    close,
  };
}
