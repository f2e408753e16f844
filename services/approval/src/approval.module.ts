import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { PostgresEventStore } from '@fai/event-store';
import { ServiceMetrics } from '@fai/observability';
import {
  CommandServers,
  ConsumerRegistry,
  FAI_CONFIG,
  FAI_LOGGER,
  PLATFORM_BACKEND,
  type CommandServer,
  type PlatformBackend,
  type PlatformConsumer,
} from '@fai/service-kit';
import type { Logger } from 'winston';
import type { ApprovalConfig } from './approval.config';
import { sourcesUnder } from './infrastructure/approval-consumers';
import { createApprovalService, type ApprovalService } from './infrastructure/approval-service';

const APPROVAL_SERVICE = Symbol('APPROVAL_SERVICE');
const COMMAND_SERVER = Symbol('COMMAND_SERVER');

/**
 * Wires approval into the platform as one of its consumers: once the event store is migrated and the
 * relay runs, its tables, read models and consumers start, and last its command server, so no
 * command is answered before it can be done. Shutdown stops them in reverse order.
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
    {
      provide: COMMAND_SERVER,
      inject: [CommandServers, APPROVAL_SERVICE],
      useFactory: (servers: CommandServers, service: ApprovalService): CommandServer =>
        servers.serve(service.routes),
    },
  ],
})
export class ApprovalModule implements OnModuleInit, PlatformConsumer {
  constructor(
    @Inject(APPROVAL_SERVICE) private readonly service: ApprovalService,
    @Inject(COMMAND_SERVER) private readonly commands: CommandServer,
    private readonly consumers: ConsumerRegistry,
  ) {}

  onModuleInit(): void {
    this.consumers.register(this);
  }

  async start(): Promise<void> {
    await this.service.start();
    await this.commands.start();
  }

  async drain(timeoutMs: number): Promise<void> {
    await this.commands.stop();
    await this.service.drain(timeoutMs);
  }
}
