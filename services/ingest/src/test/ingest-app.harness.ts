import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  createRegistry,
  EVENT_SUBJECT_PREFIX,
  kebab,
  type AnyEventContract,
  type CloudEvent,
} from '@fai/contracts';
import { ident, PostgresEventStore, type RecordedEvent } from '@fai/event-store';
import { JetStreamPublisher, type BusMessage } from '@fai/messaging';
import { FaiPlatformModule } from '@fai/service-kit';
import {
  createTestSchema,
  eventMessage,
  eventually as poll,
  NATS_URL,
  PG_URL,
  uniqueName,
  type EventEnvelope,
  type TestSchema,
} from '@fai/testing';
import { connect, type JetStreamManager, type NatsConnection } from 'nats';
import type { DirectoryFact } from '../directory/directory';
import { ingestService } from '../index';
import type { ArtefactStoreKind } from '../ingest.config';

/**
 * The ingest service booted on the real PostgreSQL and NATS, alone in its own schema, JetStream
 * streams, subjects, command subjects and directories: its events go out as `fai.<context>.*`, the
 * scheduler's and reporting's events a test publishes as `fai.<unique>.<their context>.*`.
 */
export interface IngestHarness {
  url: string;
  app: INestApplication;
  nc: NatsConnection;
  schema: TestSchema;
  store: PostgresEventStore;
  context: string;
  commandPrefix: string;
  artefactDir: string;
  landingDir: string;
  bucket: string;
  publish(fact: DirectoryFact): Promise<string>;
  /** Publishes a reporting event (ReportPublished) where ingest's reporting consumer reads it. */
  publishReporting(type: string, data: object): Promise<string>;
  /** Ingest's events of `type` that reached JetStream, as CloudEvents. */
  busEvents<T = Record<string, unknown>>(type: string): Promise<Array<CloudEvent<T>>>;
  /** Ingest's stored events of `type`. */
  storedEvents(type: string): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  store?: ArtefactStoreKind;
  maxBytes?: number;
  landing?: boolean;
  retentionSweepIntervalMs?: number;
}

export async function startIngest(options: HarnessOptions = {}): Promise<IngestHarness> {
  const id = uniqueName('ing');
  const context = id.replace(/_/g, '-');
  // Where the other contexts' events arrive: apart from ingest's own, which go out under `fai.<context>`.
  const upstream = `${EVENT_SUBJECT_PREFIX}.${id}`;
  const stream = id.toUpperCase();
  const deadLetters = `${stream}_DLQ`;
  const commandPrefix = `${id}-cmd`;
  const bucket = `${id}-artefacts`;
  const schema = await createTestSchema('ing', 4);
  const artefactDir = await mkdtemp(join(tmpdir(), 'fai-ingest-artefacts-'));
  const landingDir = await mkdtemp(join(tmpdir(), 'fai-ingest-landing-'));
  const env: NodeJS.ProcessEnv = {
    FAI_PG_URL: PG_URL,
    FAI_NATS_URL: NATS_URL,
    FAI_PG_SCHEMA: schema.schema,
    FAI_LOG_LEVEL: 'error',
    FAI_EVENT_STREAM: stream,
    FAI_EVENT_STREAM_SUBJECTS: `fai.${context}.>,${upstream}.>`,
    FAI_DLQ_STREAM: deadLetters,
    FAI_DLQ_STREAM_SUBJECTS: `fai-dlq.${context}.>`,
    FAI_INGEST_SCHEDULER_SUBJECTS: `${upstream}.scheduler.>`,
    FAI_INGEST_REPORTING_SUBJECTS: `${upstream}.reporting.report-published.v1`,
    FAI_COMMAND_SUBJECT_PREFIX: commandPrefix,
    FAI_ARTEFACT_STORE: options.store ?? 'filesystem',
    FAI_ARTEFACT_DIR: artefactDir,
    FAI_ARTEFACT_BUCKET: bucket,
    FAI_INGEST_MAX_BYTES: String(options.maxBytes ?? 1024 * 1024),
    FAI_INGEST_RETENTION_SWEEP_INTERVAL_MS: String(options.retentionSweepIntervalMs ?? 0),
    ...(options.landing
      ? {
          FAI_INGEST_LANDING_DIR: landingDir,
          FAI_INGEST_LANDING_POLL_MS: '100',
          FAI_INGEST_LANDING_SETTLE_MS: '300',
        }
      : {}),
  };
  const moduleRef = await Test.createTestingModule({
    // Under a context of its own, so its events and dead letters stay apart from other runs'.
    imports: [FaiPlatformModule.forService({ ...ingestService, service: context }, { env })],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const nc = await connect({ servers: NATS_URL });
  const jsm = await nc.jetstreamManager();
  const publisher = new JetStreamPublisher(nc.jetstream());
  const store = new PostgresEventStore(schema.db, { schema: schema.schema });
  await until(async () => (await fetch(`${url}/health/ready`)).status === 200, 'ingest to be ready');

  async function publishUpstream(name: string, data: object): Promise<string> {
    const message = eventOf(name, data, { prefix: upstream });
    await publisher.publish([message]);
    return message.id;
  }

  return {
    url,
    app,
    nc,
    schema,
    store,
    context,
    commandPrefix,
    artefactDir,
    landingDir,
    bucket,
    publish: (fact) => publishUpstream(fact.type, fact.data),
    publishReporting: publishUpstream,
    busEvents: (type) => busEvents(jsm, stream, `fai.${context}.${kebab(type)}.v1`),
    async storedEvents(type) {
      const { rows } = await schema.db.query<{ stream_id: string; stream_version: number }>(
        `SELECT stream_id, stream_version FROM ${ident(schema.schema)}.events WHERE event_type = $1 ORDER BY global_position`,
        [type],
      );
      const events = await Promise.all(
        rows.map(
          async (row) =>
            (await store.readStream(row.stream_id, { fromVersion: row.stream_version, maxCount: 1 }))[0],
        ),
      );
      return events;
    },
    async close() {
      await app.close();
      for (const name of [stream, deadLetters, `OBJ_${bucket}`])
        await jsm.streams.delete(name).catch(() => undefined);
      await nc.close();
      await schema.drop();
      await rm(artefactDir, { recursive: true, force: true });
      await rm(landingDir, { recursive: true, force: true });
    },
  };
}

const CONTRACTS = createRegistry();

/** Version 1 of another context's event named `name`, as its relay would publish it; `id` is the event id. */
export function eventOf(name: string, data: object, envelope?: EventEnvelope): BusMessage {
  return eventMessage(CONTRACTS.get(name, 1) as AnyEventContract, data, envelope);
}

async function busEvents<T>(
  jsm: JetStreamManager,
  stream: string,
  subject: string,
): Promise<Array<CloudEvent<T>>> {
  const { state } = await jsm.streams.info(stream);
  const found: Array<CloudEvent<T>> = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const message = await jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
    if (message?.subject === subject) found.push(message.json<CloudEvent<T>>());
  }
  return found;
}

// The ingest specs' shapes of the shared poll: errors while polling count as "not yet" (a request
// before the service answers), every 50 ms.
const POLL_MS = 50;
const WAIT_MS = 15_000;

/** Polls `check` until it holds; fails naming `what` after `timeoutMs`. */
export async function until(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<void> {
  const holds = () =>
    Promise.resolve()
      .then(check)
      .then(
        (held) => held || undefined,
        () => undefined,
      );
  await poll(what, holds, timeoutMs, POLL_MS);
}

/** Polls `read` until its value satisfies `accept`, and returns that value. */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<T> {
  const accepted = await poll(
    what,
    async () => {
      try {
        const value = await read();
        return accept(value) ? { value } : undefined;
      } catch {
        return undefined;
      }
    },
    timeoutMs,
    POLL_MS,
  );
  return accepted.value;
}
