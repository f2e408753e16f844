import type { Provider } from '@nestjs/common';
import { COMMAND_SUBJECT_PREFIX, eventTypeName } from '@fai/contracts';
import { loadConfig } from '@fai/config';
import { PgDatabase, PostgresEventStore } from '@fai/event-store';
import { EventRelay, JetStreamPublisher, PgAdvisoryLeaderLock } from '@fai/messaging';
import { ServiceMetrics, createLogger } from '@fai/observability';
import { connect, type NatsConnection } from 'nats';
import type { Logger } from 'winston';
import { CommandServers } from './command-server';
import type { PlatformConfig } from './platform-config';
import { NatsUnavailableError } from './platform-errors';
import { FAI_CONFIG, FAI_LOGGER, NATS_CONNECTION } from './platform.tokens';

export interface FaiPlatformOptions<C extends PlatformConfig = PlatformConfig> {
  /** The service's name: its logs' `service`, its NATS connection name, its CloudEvents source `fai/<service>`. */
  service: string;
  /** The service's settings class; its FAI_PG_SCHEMA default names the service's own schema. */
  configClass: new () => C;
  /** Where settings are read from; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

// A pool that cannot reach PostgreSQL fails the query instead of waiting without end.
const PG_CONNECT_TIMEOUT_MS = 5_000;

export function platformProviders(options: FaiPlatformOptions): Provider[] {
  const { service } = options;
  return [
    { provide: FAI_CONFIG, useFactory: () => loadConfig(options.configClass, options.env) },
    { provide: options.configClass, useExisting: FAI_CONFIG },
    {
      provide: FAI_LOGGER,
      inject: [FAI_CONFIG],
      useFactory: (config: PlatformConfig) => createLogger(service, { level: config.FAI_LOG_LEVEL }),
    },
    { provide: ServiceMetrics, useFactory: () => new ServiceMetrics(service) },
    {
      provide: PgDatabase,
      inject: [FAI_CONFIG],
      useFactory: (config: PlatformConfig) =>
        new PgDatabase({
          connectionString: config.FAI_PG_URL,
          application_name: service,
          connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
        }),
    },
    {
      provide: PostgresEventStore,
      inject: [FAI_CONFIG, PgDatabase, ServiceMetrics],
      useFactory: (config: PlatformConfig, db: PgDatabase, metrics: ServiceMetrics) =>
        new PostgresEventStore(db, {
          schema: config.FAI_PG_SCHEMA,
          onAppend: (seconds) => metrics.appendSeconds.observe({ store: config.FAI_PG_SCHEMA }, seconds),
        }),
    },
    {
      provide: NATS_CONNECTION,
      inject: [FAI_CONFIG, FAI_LOGGER],
      useFactory: (config: PlatformConfig, logger: Logger) =>
        connectNats(service, config.FAI_NATS_URL, logger),
    },
    {
      provide: CommandServers,
      inject: [FAI_CONFIG, FAI_LOGGER],
      // A service that answers commands declares FAI_COMMAND_SUBJECT_PREFIX (tests give their own).
      useFactory: (config: PlatformConfig & { FAI_COMMAND_SUBJECT_PREFIX?: string }, logger: Logger) =>
        new CommandServers({
          service,
          natsUrl: config.FAI_NATS_URL,
          subjectPrefix: config.FAI_COMMAND_SUBJECT_PREFIX ?? COMMAND_SUBJECT_PREFIX,
          logger,
        }),
    },
    {
      provide: EventRelay,
      inject: [FAI_CONFIG, FAI_LOGGER, PgDatabase, PostgresEventStore, NATS_CONNECTION, ServiceMetrics],
      useFactory: (
        config: PlatformConfig,
        logger: Logger,
        db: PgDatabase,
        store: PostgresEventStore,
        nc: NatsConnection,
        metrics: ServiceMetrics,
      ) =>
        new EventRelay({
          name: service,
          schema: config.FAI_PG_SCHEMA,
          db,
          store,
          bus: new JetStreamPublisher(nc.jetstream()),
          lock: new PgAdvisoryLeaderLock(
            { connectionString: config.FAI_PG_URL, connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS },
            `${config.FAI_PG_SCHEMA}:relay:${service}`,
          ),
          // Everything a service appends goes out under its own context (`fai.<service>.<event>.v<N>`),
          // also shared platform events such as OperatorAlertRaised: subscribers filter by
          // `fai.*.operator-alert-raised.v1` and decode by the event name and version headers.
          resolveType: (name, version) => eventTypeName(service, name, version),
          source: `fai/${service}`,
          metrics,
          logger,
        }),
    },
  ];
}

/** Connects once (failing start-up if NATS is unreachable), then reconnects for as long as the service runs. */
async function connectNats(service: string, url: string, logger: Logger): Promise<NatsConnection> {
  let nc: NatsConnection;
  try {
    // The default gives up after 10 attempts, leaving a closed connection and a service never ready again.
    nc = await connect({ servers: url, name: service, reconnect: true, maxReconnectAttempts: -1 });
  } catch (error) {
    throw new NatsUnavailableError(url, (error as Error).message);
  }
  void logNatsStatus(nc, logger);
  return nc;
}

async function logNatsStatus(nc: NatsConnection, logger: Logger): Promise<void> {
  for await (const status of nc.status()) {
    if (status.type === 'disconnect' || status.type === 'error')
      logger.warn('NATS connection lost', { nats: status.data });
    else if (status.type === 'reconnect') logger.info('NATS connection restored', { nats: status.data });
  }
}
