import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createRegistry,
  dataSchemaUri,
  DEAD_LETTER_SUBJECT_PREFIX,
  EVENT_SUBJECT_PREFIX,
  eventTypeName,
  getClaimsV1,
  ROLES,
  type ArtefactIngestedV1,
  type ClaimView,
  type CloudEvent,
  type CommandContract,
  type EventContract,
  type GetClaimsReply,
  type GetClaimsRequest,
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
import { ClientProxyFactory, ServerNats, Transport, type ClientProxy } from '@nestjs/microservices';
import { connect, type ConsumerMessages, type NatsConnection } from 'nats';
import { parse, stringify } from 'yaml';
import { commandSubjectIn, ValidationCommandServer } from '../src/infrastructure/command-server';
import {
  consumedSubjects,
  createValidationService,
  type ValidationService,
} from '../src/infrastructure/validation-service';
import { loadPolicyCatalogue, POLICIES_DIR, type PolicyCatalogue } from '../src/policies/policy-catalogue';
import { fixture, type Fixture } from './validation-test-support';

/**
 * The validation service on the real servers, wired as its Nest module wires it, in a schema,
 * streams and subjects of its own (`fai.<unique>.…`), with extraction's GetClaims answered by a
 * responder serving the claims a test hands it. The policy catalogue holds the repository's
 * documents plus `materiality@2`, a copy with another alert threshold, for pinning and dry runs.
 */
export interface ValidationWorld {
  test: TestSchema;
  store: PostgresEventStore;
  service: ValidationService;
  policies: PolicyCatalogue;
  /** Claims the GetClaims responder serves, by run id. */
  claims: Map<string, ClaimView[]>;
  send<TRequest, TReply>(contract: CommandContract<TRequest, TReply>, request: TRequest): Promise<TReply>;
  /** Publishes an event as another service's relay would (structured CloudEvent, contract headers). */
  publish<T>(contract: EventContract<T>, data: T, extensions?: Partial<CloudEvent>): Promise<string>;
  /** Validation's events on the bus, in order, as they arrive. */
  published: CloudEvent[];
  waitFor(predicate: (event: CloudEvent) => boolean, what: string): Promise<CloudEvent>;
  waitProcessed(eventId: string): Promise<void>;
  close(): Promise<void>;
}

const WAIT_MS = 45_000;
const POLL_MS = 50;
/** Small pages, so fetching a filing's claims takes several GetClaims requests. */
const CLAIMS_PAGE = 1000;

type Role = (typeof ROLES)[number];
export const ADMIN = { actor: 'admin-1', actorRoles: ['administrator'] as Role[] };
export const REVIEWER = { actor: 'reviewer-1', actorRoles: ['reviewer'] as Role[] };
export const OPERATOR = { actor: 'operator-1', actorRoles: ['operator'] as Role[] };

export async function openValidationWorld(): Promise<ValidationWorld> {
  const test = await createTestSchema('validation');
  const nc: NatsConnection = await connect({ servers: NATS_URL });
  const root = await mkdtemp(join(tmpdir(), 'fai-validation-'));
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

/** The repository's policies and a materiality@2 that alerts from a lower score. */
async function policyDirectory(root: string): Promise<string> {
  const directory = join(root, 'policies');
  await mkdir(join(directory, 'schemas'), { recursive: true });
  for (const name of await readdir(join(POLICIES_DIR, 'schemas')))
    await copyFile(join(POLICIES_DIR, 'schemas', name), join(directory, 'schemas', name));
  for (const name of (await readdir(POLICIES_DIR)).filter((file) => file.endsWith('.yaml')))
    await copyFile(join(POLICIES_DIR, name), join(directory, name));
  const materiality = parse(await readFile(join(POLICIES_DIR, 'materiality@1.yaml'), 'utf8')) as {
    version: number;
    policyId: string;
    description: string;
  };
  Object.assign(materiality, { version: 2, policyId: 'materiality@2', description: 'test: version 2' });
  await writeFile(join(directory, 'materiality@2.yaml'), stringify(materiality));
  return directory;
}

async function open(
  test: TestSchema,
  nc: NatsConnection,
  root: string,
  undo: Array<() => Promise<unknown>>,
  close: () => Promise<void>,
): Promise<ValidationWorld> {
  const store = new PostgresEventStore(test.db, { schema: test.schema });
  await store.migrate();
  const jsm = await nc.jetstreamManager();
  const token = uniqueName('v');
  const prefix = `${EVENT_SUBJECT_PREFIX}.${token}`;
  const commandPrefix = uniqueName('cmd');
  const stream = `VALIDATION_${token}`.toUpperCase();
  const dlq = `${stream}_DLQ`;
  undo.push(() => jsm.streams.delete(stream));
  await ensureEventStream(jsm, { name: stream, subjects: [`${prefix}.>`] });
  undo.push(() => jsm.streams.delete(dlq));
  await ensureDeadLetterStream(jsm, dlq, {
    subjects: [`${DEAD_LETTER_SUBJECT_PREFIX}.validation.${prefix}.>`],
  });

  const claims = new Map<string, ClaimView[]>();
  const responder = await answerGetClaims(commandPrefix, claims);
  undo.push(() => responder.close());

  const proxy: ClientProxy = ClientProxyFactory.create({
    transport: Transport.NATS,
    options: { servers: [NATS_URL] },
  });
  undo.push(() => proxy.close());
  await proxy.connect();
  const commands = new CommandClient(proxy, { timeoutMs: 20_000 });

  const policies = loadPolicyCatalogue(await policyDirectory(root));
  const service = createValidationService({
    db: test.db,
    store,
    schema: test.schema,
    nc,
    stream,
    subjects: consumedSubjects(prefix),
    policies,
    commands,
    claimsSubject: commandSubjectIn(commandPrefix, getClaimsV1.subject),
    tuning: {
      fetchExpiresMs: 1000,
      backoffMs: [20_000, 20_000],
      lagIntervalMs: 60_000,
      drainTimeoutMs: 5000,
    },
  });
  undo.push(() => service.consumers.drain(5000));
  await service.consumers.start();

  const server = new ValidationCommandServer({
    natsUrl: NATS_URL,
    subjectPrefix: commandPrefix,
    registry: createRegistry(),
    routes: service.routes,
  });
  undo.push(() => server.stop());
  await server.start();

  const relay = new EventRelay({
    name: 'validation',
    schema: test.schema,
    db: test.db,
    store,
    bus: new JetStreamPublisher(nc.jetstream()),
    lock: new PgAdvisoryLeaderLock({ connectionString: PG_URL }, `${test.schema}:relay:validation`),
    resolveType: (name, version) =>
      eventTypeName('validation', name, version).replace(EVENT_SUBJECT_PREFIX, prefix),
    source: 'fai/validation',
    pollIntervalMs: 100,
  });
  undo.push(() => relay.stop());
  await relay.start();

  const published: CloudEvent[] = [];
  const collector = await nc.jetstream().consumers.get(stream, { filterSubjects: `${prefix}.validation.>` });
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
    service,
    policies,
    claims,
    send: (contract, request) => commands.send(commandSubjectIn(commandPrefix, contract.subject), request),
    published,
    publish: (contract, data, extensions) => publishAs(publisher, prefix, contract, data, extensions),
    async waitFor(predicate, what) {
      let found: CloudEvent | undefined;
      await waitUntil(async () => (found = published.find(predicate)) !== undefined, what);
      return found!;
    },
    waitProcessed(eventId) {
      return waitUntil(async () => {
        const { rows } = await test.db.query(
          `SELECT 1 FROM "${test.schema}".processed_events WHERE consumer = 'validation' AND event_id = $1`,
          [eventId],
        );
        return rows.length === 1;
      }, `validation to process ${eventId}`);
    },
    close,
  };
}

/** Publishes an event under `prefix` as another service's relay would (structured CloudEvent, contract headers). */
export async function publishAs<T>(
  publisher: JetStreamPublisher,
  prefix: string,
  contract: EventContract<T>,
  data: T,
  extensions: Partial<CloudEvent> = {},
): Promise<string> {
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
}

/** Answers GetClaims under the command prefix with the claims in `claims`, as extraction would. */
export async function answerGetClaims(
  commandPrefix: string,
  claims: ReadonlyMap<string, ClaimView[]>,
): Promise<ServerNats> {
  const responder = new ServerNats({ servers: [NATS_URL], queue: 'extraction' });
  responder.addHandler(
    commandSubjectIn(commandPrefix, getClaimsV1.subject),
    async (request: GetClaimsRequest) => claimsPage(claims, request),
  );
  await new Promise<void>((resolve, reject) =>
    responder.listen((error?: unknown) => (error ? reject(error as Error) : resolve())),
  );
  return responder;
}

/** GetClaims as extraction answers it: a run's claims, a page at a time, with a cursor. */
function claimsPage(claims: ReadonlyMap<string, ClaimView[]>, request: GetClaimsRequest): GetClaimsReply {
  const all = claims.get(request.runId ?? '') ?? [];
  const start = request.cursor ? Number(request.cursor) : 0;
  const end = start + CLAIMS_PAGE;
  return {
    claimSets: [],
    claims: all.slice(start, end),
    ...(end < all.length && { nextCursor: String(end) }),
  };
}

/** A real-document fixture's claims as GetClaims serves them: with their artefact and canonical fund. */
export function servedClaims(
  file: Fixture,
  fundId: string,
  artefactIdOf: (sha256: string) => string,
): ClaimView[] {
  return file.claims.map(
    (claim) =>
      ({
        ...claim,
        artefactId: artefactIdOf(claim.evidence.artefactSha256),
        status: 'supported',
        fund: {},
        fundId,
      }) as ClaimView,
  );
}

/** ArtefactIngested for a fixture's artefact in a run. */
export function ingested(
  run: { portfolioId: string; cycleId: string; runId: string; period: string },
  artefact: Fixture['artefacts'][number],
  fundId: string,
  documentType: ArtefactIngestedV1['documentType'],
): ArtefactIngestedV1 {
  return {
    artefactId: artefactId(artefact.sha256),
    tenantId: 'tenant-test',
    portfolioId: run.portfolioId,
    cycleId: run.cycleId,
    runId: run.runId,
    intakeId: randomUUID(),
    sha256: artefact.sha256,
    version: artefact.version,
    fundId,
    documentType,
    period: run.period,
    identifiers: { isins: [] },
    sourceType: artefact.sourceType,
    origin: artefact.origin ? `https://${artefact.origin}/document` : 'http-upload',
    actor: 'user-42',
    fileName: `${documentType}.bin`,
    mediaType: 'application/octet-stream',
    size: 1000,
    retentionClass: 'standard',
    sourcePolicyId: 'pf-source-policy-v1',
    at: '2026-11-04T08:00:00.000Z',
  };
}

export function artefactId(sha256: string): string {
  return `art-${sha256.slice(0, 16)}`;
}

export { fixture };
