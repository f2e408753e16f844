import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { migrate, PgDatabase } from '@fai/event-store';
import { ConsumerRegistry, FAI_CONFIG, type PlatformConsumer } from '@fai/service-kit';
import type { ClientProxy } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { COMMAND_PROXY } from './api/command-sender';
import type { GatewayConfig } from './gateway.config';
import { ProjectionConsumer } from './projections/projection-consumer';
import { READ_MODEL_MIGRATIONS } from './projections/read-model.migrations';

type Stop = (timeoutMs: number) => Promise<void>;

/**
 * The gateway's moving parts, started once the platform has migrated its store: read-model tables,
 * then the projection consumer; stopped in reverse order before NATS and the pool go.
 */
@Injectable()
export class GatewayRuntime implements PlatformConsumer, OnModuleInit {
  private readonly stops: Stop[] = [];

  constructor(
    @Inject(FAI_CONFIG) private readonly config: GatewayConfig,
    private readonly consumers: ConsumerRegistry,
    private readonly db: PgDatabase,
    private readonly dataSource: DataSource,
    private readonly projections: ProjectionConsumer,
    @Inject(COMMAND_PROXY) private readonly commandProxy: ClientProxy,
  ) {}

  onModuleInit(): void {
    this.consumers.register(this);
  }

  /** Starts what is not started yet: after a failed step, the platform's retry carries on from there. */
  async start(): Promise<void> {
    const steps: Array<() => Promise<Stop>> = [
      async () => {
        await migrate(this.db, this.config.FAI_PG_SCHEMA, READ_MODEL_MIGRATIONS);
        if (!this.dataSource.isInitialized) await this.dataSource.initialize();
        return () => this.dataSource.destroy();
      },
      async () => () => this.commandProxy.close(),
      async () => {
        await this.projections.start();
        return (timeoutMs) => this.projections.drain(timeoutMs);
      },
    ];
    for (const step of steps.slice(this.stops.length)) this.stops.push(await step());
  }

  async drain(timeoutMs: number): Promise<void> {
    for (const stop of this.stops.splice(0).reverse()) await stop(timeoutMs);
  }
}
