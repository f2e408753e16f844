import { PgDatabase, type SqlDatabase } from '@fai/event-store';
import {
  NATS_CONNECTION_DEFAULTS,
  ensureDeadLetterStream,
  ensureEventStream,
  jetStreamMessageBus,
  natsCommandTransport,
  PgAdvisoryLeaderLock,
  type CommandTransport,
  type LeaderLock,
  type MessageBus,
} from '@fai/messaging';
import { connect, type NatsConnection } from 'nats';
import type { Logger } from 'winston';
import type { EmbeddedRuntime } from './embedded-runtime';
import { subjectList, type PlatformConfig } from './platform-config';
import { NatsRequiredError, NatsUnavailableError } from './platform-errors';

/**
 * What a service runs on. A deployment: its own PostgreSQL pool, its own NATS connection with
 * JetStream, advisory-lock leaders. The embedded default: the process's one PGlite, in-process
 * bus and commands, and in-process leaders, all shared by every service of the process. The
 * platform and the services ask this for their database, bus, commands and locks, never for a
 * driver, so the same modules run in both settings.
 */
export interface PlatformBackend {
  readonly database: SqlDatabase;
  readonly bus: MessageBus;
  readonly commands: CommandTransport;
  /** One leader per key across the service's replicas (relays, projection runners). */
  leaderLock(key: string): LeaderLock;
  /** The NATS connection, for what only NATS offers (object stores, stream management). */
  nats(what: string): NatsConnection;
  /** Creates what the bus needs before anything publishes or consumes (the JetStream streams). */
  prepareBus(): Promise<void>;
  /** Resolves when the bus answers (readiness). */
  checkBus(): Promise<unknown>;
  /** Closes what this service opened; the embedded runtime's shared resources outlive it. */
  close(): Promise<void>;
}

// A pool that cannot reach PostgreSQL fails the query instead of waiting without end.
const PG_CONNECT_TIMEOUT_MS = 5_000;

/** The deployment's backend: connects to NATS once (failing start-up if unreachable), then reconnects for as long as the service runs. */
export async function serverBackend(
  service: string,
  config: PlatformConfig,
  logger: Logger,
): Promise<PlatformBackend> {
  let nc: NatsConnection;
  try {
    // The default gives up after 10 attempts, leaving a closed connection and a service never ready again.
    nc = await connect({
      ...NATS_CONNECTION_DEFAULTS,
      servers: config.FAI_NATS_URL,
      name: service,
      reconnect: true,
      maxReconnectAttempts: -1,
    });
  } catch (error) {
    throw new NatsUnavailableError(config.FAI_NATS_URL, (error as Error).message);
  }
  void logNatsStatus(nc, logger);
  const database = new PgDatabase({
    connectionString: config.FAI_PG_URL,
    application_name: service,
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
  });
  return {
    database,
    bus: jetStreamMessageBus(nc),
    commands: natsCommandTransport(config.FAI_NATS_URL, service),
    leaderLock: (key) =>
      new PgAdvisoryLeaderLock(
        { connectionString: config.FAI_PG_URL, connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS },
        key,
      ),
    nats: () => nc,
    prepareBus: async () => {
      const jsm = await nc.jetstreamManager();
      await ensureEventStream(jsm, {
        name: config.FAI_EVENT_STREAM,
        subjects: subjectList(config.FAI_EVENT_STREAM_SUBJECTS),
      });
      await ensureDeadLetterStream(jsm, config.FAI_DLQ_STREAM, {
        subjects: subjectList(config.FAI_DLQ_STREAM_SUBJECTS),
      });
    },
    // rtt() refuses at once while disconnected, and otherwise proves a round trip to the server.
    checkBus: () => nc.rtt(),
    close: async () => {
      if (!nc.isClosed()) await nc.drain();
      await database.close();
    },
  };
}

/** A service's view of the embedded runtime: everything shared, nothing to close. */
export function embeddedBackend(runtime: EmbeddedRuntime): PlatformBackend {
  return {
    database: runtime.database,
    bus: runtime.bus,
    commands: runtime.commands,
    leaderLock: (key) => runtime.leaderLock(key),
    nats: (what) => {
      throw new NatsRequiredError(what);
    },
    prepareBus: async () => undefined,
    checkBus: async () => undefined,
    close: async () => undefined,
  };
}

async function logNatsStatus(nc: NatsConnection, logger: Logger): Promise<void> {
  for await (const status of nc.status()) {
    if (status.type === 'disconnect' || status.type === 'error')
      logger.warn('NATS connection lost', { nats: status.data });
    else if (status.type === 'reconnect') logger.info('NATS connection restored', { nats: status.data });
  }
}
