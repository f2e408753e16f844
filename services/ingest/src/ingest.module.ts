import { Inject, Injectable, Module, type OnModuleInit, type Provider } from '@nestjs/common';
import { createRegistry } from '@fai/contracts';
import { PostgresEventStore, type SqlDatabase } from '@fai/event-store';
import { contractDecoder, DurableEventConsumer } from '@fai/messaging';
import { ServiceMetrics } from '@fai/observability';
import {
  ConsumerRegistry,
  FAI_CONFIG,
  FAI_LOGGER,
  PLATFORM_BACKEND,
  RetentionSweepTimer,
  SQL_DATABASE,
  type PlatformBackend,
} from '@fai/service-kit';
import type { Logger } from 'winston';
import {
  FilesystemArtefactStore,
  JetStreamObjectArtefactStore,
  type ArtefactStore,
} from '@fai/artefact-store';
import { ArtefactsController } from './artefacts/commands/upload-artefact/artefacts.controller';
import { RegisterArtefactHandler } from './artefacts/commands/register-artefact/register-artefact.handler';
import { SourcePolicyService } from './artefacts/commands/set-source-policy/source-policy.service';
import { IntakeService } from './artefacts/intake/intake.service';
import { DirectoryUpdater } from './directory/directory.updater';
import { IngestCommandServer } from './infrastructure/ingest-command.server';
import { IngestRepository } from './infrastructure/ingest.repository';
import type { IngestConfig } from './ingest.config';
import { ARTEFACT_STORE } from './ingest.tokens';
import { InventoryController } from './inventory/inventory.controller';
import { InventoryLedger } from './inventory/inventory.ledger';
import { LandingFolderWatcher } from './landing/landing-folder.watcher';
import { LegalHoldService } from './retention/legal-hold.service';
import { PublishedReportsRecorder } from './retention/published-reports.recorder';
import { RetentionRepository } from './retention/retention.repository';
import { RetentionSweepService } from './retention/retention-sweep.service';

// A crashed upload's leftovers in the filesystem store's .incoming are removed at start-up after this long.
const ABANDONED_UPLOAD_MS = 60 * 60_000;

const providers: Provider[] = [
  {
    provide: ARTEFACT_STORE,
    inject: [FAI_CONFIG, PLATFORM_BACKEND],
    // The object store is NATS-only: the embedded runtime refuses it at start-up (NatsRequiredError).
    useFactory: (config: IngestConfig, backend: PlatformBackend): ArtefactStore =>
      config.FAI_ARTEFACT_STORE === 'nats'
        ? new JetStreamObjectArtefactStore(
            backend.nats('the artefact store FAI_ARTEFACT_STORE=nats'),
            config.FAI_ARTEFACT_BUCKET,
          )
        : new FilesystemArtefactStore(config.FAI_ARTEFACT_DIR),
  },
  {
    provide: IngestRepository,
    inject: [SQL_DATABASE, FAI_CONFIG],
    useFactory: (db: SqlDatabase, config: IngestConfig) => new IngestRepository(db, config.FAI_PG_SCHEMA),
  },
  {
    provide: InventoryLedger,
    inject: [PostgresEventStore, IngestRepository],
    useFactory: (store: PostgresEventStore, repository: IngestRepository) =>
      new InventoryLedger(store, repository),
  },
  {
    provide: DirectoryUpdater,
    inject: [IngestRepository, InventoryLedger],
    useFactory: (repository: IngestRepository, ledger: InventoryLedger) =>
      new DirectoryUpdater(repository, ledger),
  },
  {
    provide: IntakeService,
    inject: [
      SQL_DATABASE,
      PostgresEventStore,
      IngestRepository,
      InventoryLedger,
      ARTEFACT_STORE,
      FAI_CONFIG,
      FAI_LOGGER,
    ],
    useFactory: (
      db: SqlDatabase,
      store: PostgresEventStore,
      repository: IngestRepository,
      ledger: InventoryLedger,
      artefacts: ArtefactStore,
      config: IngestConfig,
      logger: Logger,
    ) => new IntakeService(db, store, repository, ledger, artefacts, config.FAI_INGEST_MAX_BYTES, logger),
  },
  {
    provide: SourcePolicyService,
    inject: [SQL_DATABASE, PostgresEventStore, IngestRepository, DirectoryUpdater],
    useFactory: (
      db: SqlDatabase,
      store: PostgresEventStore,
      repository: IngestRepository,
      directory: DirectoryUpdater,
    ) => new SourcePolicyService(db, store, repository, directory),
  },
  {
    provide: RetentionRepository,
    inject: [SQL_DATABASE, FAI_CONFIG],
    useFactory: (db: SqlDatabase, config: IngestConfig) => new RetentionRepository(db, config.FAI_PG_SCHEMA),
  },
  {
    provide: LegalHoldService,
    inject: [SQL_DATABASE, PostgresEventStore, IngestRepository, RetentionRepository],
    useFactory: (
      db: SqlDatabase,
      store: PostgresEventStore,
      repository: IngestRepository,
      retention: RetentionRepository,
    ) => new LegalHoldService(db, store, repository, retention),
  },
  {
    provide: RetentionSweepService,
    inject: [SQL_DATABASE, PostgresEventStore, RetentionRepository, ARTEFACT_STORE, FAI_LOGGER],
    useFactory: (
      db: SqlDatabase,
      store: PostgresEventStore,
      retention: RetentionRepository,
      artefacts: ArtefactStore,
      logger: Logger,
    ) => new RetentionSweepService(db, store, retention, artefacts, logger),
  },
];

/**
 * Starts ingest's background work with the platform, in order, once the event store is migrated
 * and the streams exist: its own tables, the consumer of scheduler events (durable `ingest`), the
 * consumer of published reports (durable `ingest-reports`), the retention sweep timer (when
 * FAI_INGEST_RETENTION_SWEEP_INTERVAL_MS is set), the landing-folder watcher (when
 * FAI_INGEST_LANDING_DIR is set) and the command server. Shutdown drains them before the
 * platform's backend (bus and database) closes.
 */
@Injectable()
class IngestRuntime implements OnModuleInit {
  constructor(
    @Inject(FAI_CONFIG) private readonly config: IngestConfig,
    @Inject(FAI_LOGGER) private readonly logger: Logger,
    @Inject(PLATFORM_BACKEND) private readonly backend: PlatformBackend,
    @Inject(ARTEFACT_STORE) private readonly artefacts: ArtefactStore,
    private readonly metrics: ServiceMetrics,
    private readonly consumers: ConsumerRegistry,
    private readonly repository: IngestRepository,
    private readonly directory: DirectoryUpdater,
    private readonly intake: IntakeService,
    private readonly sourcePolicies: SourcePolicyService,
    private readonly inventories: InventoryLedger,
    private readonly retention: RetentionRepository,
    private readonly legalHolds: LegalHoldService,
    private readonly retentionSweeps: RetentionSweepService,
  ) {}

  onModuleInit(): void {
    const { config, logger } = this;
    this.consumers.register({ start: () => this.prepareStorage(), drain: async () => undefined });
    this.consumers.register(
      new DurableEventConsumer(this.backend.bus, this.backend.database, {
        stream: config.FAI_EVENT_STREAM,
        durable: 'ingest',
        filterSubjects: config.FAI_INGEST_SCHEDULER_SUBJECTS.split(','),
        schema: config.FAI_PG_SCHEMA,
        decode: contractDecoder(createRegistry()),
        handle: (event, tx) => this.directory.apply(event, tx),
        // Events of one portfolio build on each other: one at a time keeps them in order here.
        concurrency: 1,
        telemetry: { logger, metrics: this.metrics },
      }),
    );
    const reports = new PublishedReportsRecorder(this.repository, this.retention);
    this.consumers.register(
      new DurableEventConsumer(this.backend.bus, this.backend.database, {
        stream: config.FAI_EVENT_STREAM,
        durable: 'ingest-reports',
        filterSubjects: config.FAI_INGEST_REPORTING_SUBJECTS.split(','),
        schema: config.FAI_PG_SCHEMA,
        decode: contractDecoder(createRegistry()),
        handle: (event, tx) => reports.apply(event, tx),
        telemetry: { logger, metrics: this.metrics },
      }),
    );
    if (config.FAI_INGEST_RETENTION_SWEEP_INTERVAL_MS > 0)
      this.consumers.register(
        new RetentionSweepTimer(this.retentionSweeps, config.FAI_INGEST_RETENTION_SWEEP_INTERVAL_MS, logger),
      );
    if (config.FAI_INGEST_LANDING_DIR) {
      this.consumers.register(
        new LandingFolderWatcher(
          {
            root: config.FAI_INGEST_LANDING_DIR,
            maxBytes: config.FAI_INGEST_MAX_BYTES,
            pollMs: config.FAI_INGEST_LANDING_POLL_MS,
            settleMs: config.FAI_INGEST_LANDING_SETTLE_MS,
          },
          this.intake,
          logger,
        ),
      );
    }
    this.consumers.register(
      new IngestCommandServer(
        { transport: this.backend.commands, subjectPrefix: config.FAI_COMMAND_SUBJECT_PREFIX, logger },
        {
          registerArtefact: new RegisterArtefactHandler(
            this.intake,
            this.artefacts,
            config.FAI_INGEST_MAX_BYTES,
          ),
          sourcePolicies: this.sourcePolicies,
          inventories: this.inventories,
          legalHolds: this.legalHolds,
          retentionSweeps: this.retentionSweeps,
        },
      ),
    );
  }

  private async prepareStorage(): Promise<void> {
    await this.repository.migrate();
    if (this.artefacts instanceof FilesystemArtefactStore) {
      const removed = await this.artefacts.sweepAbandonedUploads(ABANDONED_UPLOAD_MS);
      if (removed > 0) this.logger.info('abandoned uploads removed', { removed });
    }
  }
}

/** Ingest's features on top of the platform module (which is global). */
@Module({
  controllers: [ArtefactsController, InventoryController],
  providers: [...providers, IngestRuntime],
})
export class IngestModule {}
