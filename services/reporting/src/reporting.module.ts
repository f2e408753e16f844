import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import {
  FilesystemArtefactStore,
  JetStreamObjectArtefactStore,
  type ArtefactStore,
} from '@fai/artefact-store';
import { createRegistry } from '@fai/contracts';
import { PostgresEventStore } from '@fai/event-store';
import { ServiceMetrics } from '@fai/observability';
import {
  ServiceCommands,
  ConsumerRegistry,
  FAI_CONFIG,
  FAI_LOGGER,
  PLATFORM_BACKEND,
  RetentionSweepTimer,
  type PlatformBackend,
} from '@fai/service-kit';
import type { Logger } from 'winston';
import { sourcesUnder } from './infrastructure/reporting-consumers';
import { createReportingService } from './infrastructure/reporting-service';
import type { ReportingConfig } from './reporting.config';

const REPORTING_SERVICE = Symbol('REPORTING_SERVICE');
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
 * are ready (and drain on shutdown), then the output retention timer when
 * FAI_REPORTING_RETENTION_SWEEP_INTERVAL_MS is set; its commands and queries answer on the command
 * transport once they run; validation's and extraction's queries go out through the transport's client.
 */
@Module({
  providers: [
    {
      provide: REPORTING_SERVICE,
      inject: [FAI_CONFIG, FAI_LOGGER, PLATFORM_BACKEND, PostgresEventStore, ServiceMetrics, ServiceCommands],
      useFactory: (
        config: ReportingConfig,
        logger: Logger,
        backend: PlatformBackend,
        eventStore: PostgresEventStore,
        metrics: ServiceMetrics,
        commands: ServiceCommands,
      ): ReportingService =>
        createReportingService({
          db: backend.database,
          store: eventStore,
          schema: config.FAI_PG_SCHEMA,
          bus: backend.bus,
          registry: createRegistry(),
          stream: config.FAI_EVENT_STREAM,
          sources: sourcesUnder(config.FAI_REPORTING_SOURCE_PREFIX),
          commands: commands.client({ timeoutMs: 30_000 }),
          commandSubjectPrefix: config.FAI_COMMAND_SUBJECT_PREFIX,
          artefacts: store(config, backend, 'ARTEFACT'),
          outputs: store(config, backend, 'OUTPUT'),
          templateVersion: config.FAI_REPORT_TEMPLATE,
          kpiConfigId: config.FAI_KPI_CONFIG,
          telemetry: { logger, metrics },
        }),
    },
  ],
})
export class ReportingModule implements OnModuleInit {
  constructor(
    @Inject(REPORTING_SERVICE) private readonly service: ReportingService,
    @Inject(FAI_CONFIG) private readonly config: ReportingConfig,
    @Inject(FAI_LOGGER) private readonly logger: Logger,
    private readonly consumers: ConsumerRegistry,
    private readonly commands: ServiceCommands,
  ) {}

  onModuleInit(): void {
    const intervalMs = this.config.FAI_REPORTING_RETENTION_SWEEP_INTERVAL_MS;
    this.consumers.register(this.service.consumers);
    if (intervalMs > 0)
      this.consumers.register(new RetentionSweepTimer(this.service.retentionSweeps, intervalMs, this.logger));
    this.commands.serve(this.service.routes);
  }
}
