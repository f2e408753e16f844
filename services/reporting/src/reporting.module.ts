import {
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import {
  FilesystemArtefactStore,
  JetStreamObjectArtefactStore,
  type ArtefactStore,
} from '@fai/artefact-store';
import { createRegistry } from '@fai/contracts';
import { PostgresEventStore } from '@fai/event-store';
import { CommandClient } from '@fai/messaging';
import { ServiceMetrics } from '@fai/observability';
import {
  CommandServers,
  ConsumerRegistry,
  FAI_CONFIG,
  FAI_LOGGER,
  PLATFORM_BACKEND,
  type CommandServer,
  type PlatformBackend,
} from '@fai/service-kit';
import type { ClientProxy } from '@nestjs/microservices';
import type { Logger } from 'winston';
import { sourcesUnder } from './infrastructure/reporting-consumers';
import { createReportingService } from './infrastructure/reporting-service';
import type { ReportingConfig } from './reporting.config';

const REPORTING_SERVICE = Symbol('REPORTING_SERVICE');
const QUERY_PROXY = Symbol('QUERY_PROXY');
const COMMAND_SERVER = Symbol('COMMAND_SERVER');
type ReportingService = ReturnType<typeof createReportingService>;

/** Ingest's artefact store or reporting's output store, as configured; a bucket needs NATS (refused when embedded). */
function store(config: ReportingConfig, backend: PlatformBackend, of: 'ARTEFACT' | 'OUTPUT'): ArtefactStore {
  const bucket = config[`FAI_${of}_BUCKET`];
  return config[`FAI_${of}_STORE`] === 'nats'
    ? new JetStreamObjectArtefactStore(
        backend.nats(`the bucket FAI_${of}_BUCKET (FAI_${of}_STORE=nats)`),
        bucket,
      )
    : new FilesystemArtefactStore(config[`FAI_${of}_DIR`]);
}

/**
 * Wires reporting into the platform's backend: its consumers start once the event store and bus
 * are ready (and drain on shutdown); publish-fund answers on the command transport while the
 * service runs; validation's and extraction's queries go out through the transport's client.
 */
@Module({
  providers: [
    {
      provide: QUERY_PROXY,
      inject: [PLATFORM_BACKEND],
      useFactory: (backend: PlatformBackend): ClientProxy => backend.commands.client(),
    },
    {
      provide: REPORTING_SERVICE,
      inject: [FAI_CONFIG, FAI_LOGGER, PLATFORM_BACKEND, PostgresEventStore, ServiceMetrics, QUERY_PROXY],
      useFactory: (
        config: ReportingConfig,
        logger: Logger,
        backend: PlatformBackend,
        eventStore: PostgresEventStore,
        metrics: ServiceMetrics,
        proxy: ClientProxy,
      ): ReportingService =>
        createReportingService({
          db: backend.database,
          store: eventStore,
          schema: config.FAI_PG_SCHEMA,
          bus: backend.bus,
          registry: createRegistry(),
          stream: config.FAI_EVENT_STREAM,
          sources: sourcesUnder(config.FAI_REPORTING_SOURCE_PREFIX),
          commands: new CommandClient(proxy, { timeoutMs: 30_000 }),
          commandSubjectPrefix: config.FAI_COMMAND_SUBJECT_PREFIX,
          artefacts: store(config, backend, 'ARTEFACT'),
          outputs: store(config, backend, 'OUTPUT'),
          templateVersion: config.FAI_REPORT_TEMPLATE,
          kpiConfigId: config.FAI_KPI_CONFIG,
          telemetry: { logger, metrics },
        }),
    },
    {
      provide: COMMAND_SERVER,
      inject: [CommandServers, REPORTING_SERVICE],
      useFactory: (servers: CommandServers, service: ReportingService): CommandServer =>
        servers.serve(service.routes),
    },
  ],
})
export class ReportingModule implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(REPORTING_SERVICE) private readonly service: ReportingService,
    @Inject(QUERY_PROXY) private readonly proxy: ClientProxy,
    private readonly consumers: ConsumerRegistry,
    @Inject(COMMAND_SERVER) private readonly commands: CommandServer,
  ) {}

  onModuleInit(): void {
    this.consumers.register(this.service.consumers);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.proxy.connect();
    await this.commands.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.commands.stop();
    await this.proxy.close();
  }
}
