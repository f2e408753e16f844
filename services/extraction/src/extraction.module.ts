import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import {
  FilesystemArtefactStore,
  JetStreamObjectArtefactStore,
  type ArtefactStore,
} from '@fai/artefact-store';
import { PostgresEventStore } from '@fai/event-store';
import { ServiceMetrics } from '@fai/observability';
import {
  ServiceCommands,
  ConsumerRegistry,
  FAI_CONFIG,
  FAI_LOGGER,
  PLATFORM_BACKEND,
  type PlatformBackend,
} from '@fai/service-kit';
import type { Logger } from 'winston';
import { ExtractionConfig } from './extraction.config';
import { sourcesUnder } from './infrastructure/extraction-consumers';
import { ExtractionMetrics } from './infrastructure/extraction.metrics';
import { createExtractionService } from './infrastructure/extraction-service';

const EXTRACTION_SERVICE = Symbol('EXTRACTION_SERVICE');
type ExtractionService = ReturnType<typeof createExtractionService>;

// The NATS connection is asked for only when the bucket is used: the embedded default has none.
function artefactStore(config: ExtractionConfig, backend: PlatformBackend): ArtefactStore {
  return config.FAI_ARTEFACT_STORE === 'nats'
    ? new JetStreamObjectArtefactStore(
        backend.nats('the artefact bucket FAI_ARTEFACT_BUCKET (FAI_ARTEFACT_STORE=nats)'),
        config.FAI_ARTEFACT_BUCKET,
      )
    : new FilesystemArtefactStore(config.FAI_ARTEFACT_DIR);
}

/**
 * Wires extraction into the platform: its consumers start once the event store and streams are
 * ready (and drain on shutdown), and the claims query answers on the platform's command transport
 * (NATS, or in process when embedded) once they run.
 */
@Module({
  providers: [
    {
      provide: EXTRACTION_SERVICE,
      inject: [FAI_CONFIG, FAI_LOGGER, PLATFORM_BACKEND, PostgresEventStore, ServiceMetrics],
      useFactory: (
        config: ExtractionConfig,
        logger: Logger,
        backend: PlatformBackend,
        store: PostgresEventStore,
        metrics: ServiceMetrics,
      ): ExtractionService =>
        createExtractionService({
          db: backend.database,
          store,
          schema: config.FAI_PG_SCHEMA,
          bus: backend.bus,
          artefacts: artefactStore(config, backend),
          stream: config.FAI_EVENT_STREAM,
          sources: sourcesUnder(config.FAI_EXTRACTION_SOURCE_PREFIX),
          concurrency: config.FAI_EXTRACTION_CONCURRENCY,
          telemetry: { logger, metrics },
          metrics: new ExtractionMetrics(metrics.registry),
        }),
    },
  ],
})
export class ExtractionModule implements OnModuleInit {
  constructor(
    @Inject(EXTRACTION_SERVICE) private readonly service: ExtractionService,
    private readonly consumers: ConsumerRegistry,
    private readonly commands: ServiceCommands,
  ) {}

  onModuleInit(): void {
    this.consumers.register(this.service.consumers);
    this.commands.serve(this.service.routes);
  }
}
