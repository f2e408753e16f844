import { Inject, Module, type OnModuleInit } from '@nestjs/common';
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
import type { ApprovalConfig } from './approval.config';
import { sourcesUnder } from './infrastructure/approval-consumers';
import { createApprovalService, type ApprovalService } from './infrastructure/approval-service';

const APPROVAL_SERVICE = Symbol('APPROVAL_SERVICE');

/**
 * Wires approval into the platform as one of its consumers: once the event store is migrated and the
 * relay runs, its tables, read models and consumers start; the platform then starts its command
 * server, so no command is answered before it can be done, and stops it first on shutdown.
 */
@Module({
  providers: [
    {
      provide: APPROVAL_SERVICE,
      inject: [FAI_CONFIG, FAI_LOGGER, PLATFORM_BACKEND, PostgresEventStore, ServiceMetrics],
      useFactory: (
        config: ApprovalConfig,
        logger: Logger,
        backend: PlatformBackend,
        store: PostgresEventStore,
        metrics: ServiceMetrics,
      ): ApprovalService =>
        createApprovalService({
          db: backend.database,
          store,
          pgUrl: config.FAI_PG_URL,
          schema: config.FAI_PG_SCHEMA,
          bus: backend.bus,
          leaderLock: (key) => backend.leaderLock(key),
          stream: config.FAI_EVENT_STREAM,
          sources: sourcesUnder(config.FAI_APPROVAL_SOURCE_PREFIX),
          telemetry: { logger, metrics },
        }),
    },
  ],
})
export class ApprovalModule implements OnModuleInit {
  constructor(
    @Inject(APPROVAL_SERVICE) private readonly service: ApprovalService,
    private readonly consumers: ConsumerRegistry,
    private readonly commands: ServiceCommands,
  ) {}

  onModuleInit(): void {
    this.consumers.register(this.service);
    this.commands.serve(this.service.routes);
  }
}
