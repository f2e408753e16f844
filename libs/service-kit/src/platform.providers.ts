import type { Provider } from '@nestjs/common';
import { COMMAND_SUBJECT_PREFIX, eventTypeName } from '@fai/contracts';
import { loadConfig } from '@fai/config';
import { PostgresEventStore, type SqlDatabase } from '@fai/event-store';
import { EventRelay } from '@fai/messaging';
import { ServiceMetrics, createLogger } from '@fai/observability';
import type { Logger } from 'winston';
import { ServiceCommands } from './command-server';
import type { EmbeddedRuntime } from './embedded-runtime';
import { embeddedBackend, serverBackend, type PlatformBackend } from './platform-backend';
import type { PlatformConfig } from './platform-config';
import { FAI_CONFIG, FAI_LOGGER, PLATFORM_BACKEND, SQL_DATABASE } from './platform.tokens';

export interface FaiPlatformOptions<C extends PlatformConfig = PlatformConfig> {
  /** The service's name: its logs' `service`, its NATS connection name, its CloudEvents source `fai/<service>`. */
  service: string;
  /** The service's settings class; its FAI_PG_SCHEMA default names the service's own schema. */
  configClass: new () => C;
  /** Where settings are read from; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Run on the process's embedded runtime (PGlite, in-process bus) instead of PostgreSQL and NATS. */
  embedded?: EmbeddedRuntime;
  /** Where log lines go; defaults to stdout (the embedded demo keeps them in a file beside its output). */
  logStream?: NodeJS.WritableStream;
}

export function platformProviders(options: FaiPlatformOptions): Provider[] {
  const { service } = options;
  return [
    { provide: FAI_CONFIG, useFactory: () => loadConfig(options.configClass, options.env) },
    { provide: options.configClass, useExisting: FAI_CONFIG },
    {
      provide: FAI_LOGGER,
      inject: [FAI_CONFIG],
      useFactory: (config: PlatformConfig) =>
        createLogger(service, { level: config.FAI_LOG_LEVEL, stream: options.logStream }),
    },
    { provide: ServiceMetrics, useFactory: () => new ServiceMetrics(service) },
    {
      provide: PLATFORM_BACKEND,
      inject: [FAI_CONFIG, FAI_LOGGER],
      useFactory: (config: PlatformConfig, logger: Logger) =>
        options.embedded ? embeddedBackend(options.embedded) : serverBackend(service, config, logger),
    },
    {
      provide: SQL_DATABASE,
      inject: [PLATFORM_BACKEND],
      useFactory: (backend: PlatformBackend) => backend.database,
    },
    {
      provide: PostgresEventStore,
      inject: [FAI_CONFIG, SQL_DATABASE, ServiceMetrics],
      useFactory: (config: PlatformConfig, db: SqlDatabase, metrics: ServiceMetrics) =>
        new PostgresEventStore(db, {
          schema: config.FAI_PG_SCHEMA,
          onAppend: (seconds) => metrics.appendSeconds.observe({ store: config.FAI_PG_SCHEMA }, seconds),
        }),
    },
    {
      provide: ServiceCommands,
      inject: [FAI_CONFIG, FAI_LOGGER, PLATFORM_BACKEND],
      // A service that answers commands declares FAI_COMMAND_SUBJECT_PREFIX (tests give their own).
      useFactory: (
        config: PlatformConfig & { FAI_COMMAND_SUBJECT_PREFIX?: string },
        logger: Logger,
        backend: PlatformBackend,
      ) =>
        new ServiceCommands({
          service,
          transport: backend.commands,
          subjectPrefix: config.FAI_COMMAND_SUBJECT_PREFIX ?? COMMAND_SUBJECT_PREFIX,
          logger,
        }),
    },
    {
      provide: EventRelay,
      inject: [FAI_CONFIG, FAI_LOGGER, PLATFORM_BACKEND, PostgresEventStore, ServiceMetrics],
      useFactory: (
        config: PlatformConfig,
        logger: Logger,
        backend: PlatformBackend,
        store: PostgresEventStore,
        metrics: ServiceMetrics,
      ) =>
        new EventRelay({
          name: service,
          schema: config.FAI_PG_SCHEMA,
          db: backend.database,
          store,
          bus: backend.bus.publisher,
          lock: backend.leaderLock(`${config.FAI_PG_SCHEMA}:relay:${service}`),
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
