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
import { PgDatabase, PostgresEventStore } from '@fai/event-store';
import { ServiceMetrics } from '@fai/observability';
import {
  CommandServers,
  ConsumerRegistry,
  FAI_CONFIG,
  FAI_LOGGER,
  NATS_CONNECTION,
  type CommandServer,
} from '@fai/service-kit';
import type { NatsConnection } from 'nats';
import type { Logger } from 'winston';
import { ExtractionConfig } from './extraction.config';
import { sourcesUnder } from './infrastructure/extraction-consumers';
import { ExtractionMetrics } from './infrastructure/extraction.metrics';
import { createExtractionService } from './infrastructure/extraction-service';

const EXTRACTION_SERVICE = Symbol('EXTRACTION_SERVICE');
const QUERY_SERVER = Symbol('QUERY_SERVER');
type ExtractionService = ReturnType<typeof createExtractionService>;

function artefactStore(config: ExtractionConfig, nc: NatsConnection): ArtefactStore {
  return config.FAI_ARTEFACT_STORE === 'nats'
    ? new JetStreamObjectArtefactStore(nc, config.FAI_ARTEFACT_BUCKET)
    : new FilesystemArtefactStore(config.FAI_ARTEFACT_DIR);
}

/**
 * Wires extraction into the platform: its consumers start once the event store and streams are
 * ready (and drain on shutdown), and the claims query answers on NATS while the service runs.
 */
@Module({
  providers: [
    {
      provide: EXTRACTION_SERVICE,
      inject: [FAI_CONFIG, FAI_LOGGER, PgDatabase, PostgresEventStore, NATS_CONNECTION, ServiceMetrics],
      useFactory: (
        config: ExtractionConfig,
        logger: Logger,
        db: PgDatabase,
        store: PostgresEventStore,
        nc: NatsConnection,
        metrics: ServiceMetrics,
      ): ExtractionService =>
        createExtractionService({
          db,
          store,
          schema: config.FAI_PG_SCHEMA,
          nc,
          artefacts: artefactStore(config, nc),
          stream: config.FAI_EVENT_STREAM,
          sources: sourcesUnder(config.FAI_EXTRACTION_SOURCE_PREFIX),
          concurrency: config.FAI_EXTRACTION_CONCURRENCY,
          telemetry: { logger, metrics },
          metrics: new ExtractionMetrics(metrics.registry),
        }),
    },
    {
      provide: QUERY_SERVER,
      inject: [CommandServers, EXTRACTION_SERVICE],
      useFactory: (servers: CommandServers, service: ExtractionService): CommandServer =>
        servers.serve(service.routes),
    },
  ],
})
export class ExtractionModule implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(EXTRACTION_SERVICE) private readonly service: ExtractionService,
    private readonly consumers: ConsumerRegistry,
    @Inject(QUERY_SERVER) private readonly queries: CommandServer,
  ) {}

  onModuleInit(): void {
    this.consumers.register(this.service.consumers);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queries.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.queries.stop();
  }
}
