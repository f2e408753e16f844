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
import { PgDatabase, PostgresEventStore } from '@fai/event-store';
import { CommandClient } from '@fai/messaging';
import { ServiceMetrics } from '@fai/observability';
import {
  CommandServers,
  ConsumerRegistry,
  FAI_CONFIG,
  FAI_LOGGER,
  NATS_CONNECTION,
  type CommandServer,
} from '@fai/service-kit';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import type { NatsConnection } from 'nats';
import type { Logger } from 'winston';
import { sourcesUnder } from './infrastructure/reporting-consumers';
import { createReportingService } from './infrastructure/reporting-service';
import { ReportingConfig, type StoreKind } from './reporting.config';

const REPORTING_SERVICE = Symbol('REPORTING_SERVICE');
const QUERY_PROXY = Symbol('QUERY_PROXY');
const COMMAND_SERVER = Symbol('COMMAND_SERVER');
type ReportingService = ReturnType<typeof createReportingService>;

function store(kind: StoreKind, directory: string, bucket: string, nc: NatsConnection): ArtefactStore {
  return kind === 'nats'
    ? new JetStreamObjectArtefactStore(nc, bucket)
    : new FilesystemArtefactStore(directory);
}

/**
 * Wires reporting into the platform: its consumers start once the event store and streams are
 * ready (and drain on shutdown); publish-fund answers on NATS while the service runs; validation's
 * and extraction's queries go out through a Nest NATS client.
 */
@Module({
  providers: [
    {
      provide: QUERY_PROXY,
      inject: [FAI_CONFIG],
      useFactory: (config: ReportingConfig): ClientProxy =>
        ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [config.FAI_NATS_URL] } }),
    },
    {
      provide: REPORTING_SERVICE,
      inject: [
        FAI_CONFIG,
        FAI_LOGGER,
        PgDatabase,
        PostgresEventStore,
        NATS_CONNECTION,
        ServiceMetrics,
        QUERY_PROXY,
      ],
      useFactory: (
        config: ReportingConfig,
        logger: Logger,
        db: PgDatabase,
        eventStore: PostgresEventStore,
        nc: NatsConnection,
        metrics: ServiceMetrics,
        proxy: ClientProxy,
      ): ReportingService =>
        createReportingService({
          db,
          store: eventStore,
          schema: config.FAI_PG_SCHEMA,
          nc,
          registry: createRegistry(),
          stream: config.FAI_EVENT_STREAM,
          sources: sourcesUnder(config.FAI_REPORTING_SOURCE_PREFIX),
          commands: new CommandClient(proxy, { timeoutMs: 30_000 }),
          commandSubjectPrefix: config.FAI_COMMAND_SUBJECT_PREFIX,
          artefacts: store(
            config.FAI_ARTEFACT_STORE,
            config.FAI_ARTEFACT_DIR,
            config.FAI_ARTEFACT_BUCKET,
            nc,
          ),
          outputs: store(config.FAI_OUTPUT_STORE, config.FAI_OUTPUT_DIR, config.FAI_OUTPUT_BUCKET, nc),
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
