import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { SqlDatabase } from '@fai/event-store';
import { openReadModels } from '@fai/projections';
import { ConsumerRegistry, FAI_CONFIG, SQL_DATABASE, StartSequence } from '@fai/service-kit';
import type { ClientProxy } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { COMMAND_PROXY } from './api/command-sender';
import type { GatewayConfig } from './gateway.config';
import { ProjectionConsumer } from './projections/projection-consumer';
import { READ_MODEL_MIGRATIONS } from './projections/read-model.migrations';
import { PortfolioTenants } from './security/portfolio-tenants';
import { AuditLog } from './audit/audit-log';

/**
 * The gateway's moving parts, started once the platform has migrated its store: read-model tables,
 * then the projection consumer; stopped in reverse order before the platform closes its backend.
 */
@Injectable()
export class GatewayRuntime implements OnModuleInit {
  constructor(
    @Inject(FAI_CONFIG) private readonly config: GatewayConfig,
    private readonly consumers: ConsumerRegistry,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly dataSource: DataSource,
    private readonly projections: ProjectionConsumer,
    @Inject(COMMAND_PROXY) private readonly commandProxy: ClientProxy,
    private readonly tenants: PortfolioTenants,
    private readonly audit: AuditLog,
  ) {}

  onModuleInit(): void {
    this.consumers.register(this.parts);
  }

  private readonly parts = new StartSequence([
    () => openReadModels(this.db, this.config.FAI_PG_SCHEMA, READ_MODEL_MIGRATIONS, this.dataSource),
    // Stopped after the projections (steps stop in reverse), when HTTP no longer takes requests.
    async () => () => this.audit.close(),
    async () => {
      await this.tenants.start();
      return () => this.tenants.stop();
    },
    async () => () => this.commandProxy.close(),
    async () => {
      await this.projections.start();
      return (timeoutMs) => this.projections.drain(timeoutMs);
    },
  ]);
}
