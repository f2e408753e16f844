import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { migrate, PgDatabase } from '@fai/event-store';
import { ProjectionRunner } from '@fai/projections';
import { ConsumerRegistry, FAI_CONFIG, type PlatformConsumer } from '@fai/service-kit';
import { DataSource } from 'typeorm';
import { StageOutcomeConsumer } from '../cycles/stage-outcomes/stage-outcome.consumer';
import { ScheduleTicker } from '../schedule/schedule-ticker';
import type { SchedulerConfig } from '../scheduler.config';
import { CommandServer } from './command-server';
import { READ_MODEL_MIGRATIONS } from './read-models';

type Stop = (timeoutMs: number) => Promise<void>;

/**
 * The scheduler's own moving parts, started in order once the platform has migrated the event store
 * and started the relay (registered as one of the platform's consumers), and stopped in reverse order
 * before the relay, NATS and the pool go: read-model tables, projections, stage outcome consumer,
 * clock, and last the command server, so nothing is answered before it can be done.
 */
@Injectable()
export class SchedulerRuntime implements PlatformConsumer, OnModuleInit {
  private readonly stops: Stop[] = [];

  constructor(
    @Inject(FAI_CONFIG) private readonly config: SchedulerConfig,
    private readonly consumers: ConsumerRegistry,
    private readonly db: PgDatabase,
    private readonly dataSource: DataSource,
    private readonly projections: ProjectionRunner,
    private readonly stageOutcomes: StageOutcomeConsumer,
    private readonly ticker: ScheduleTicker,
    private readonly commands: CommandServer,
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
      async () => {
        await this.projections.start();
        return () => this.projections.stop();
      },
      async () => {
        await this.stageOutcomes.start();
        return (timeoutMs) => this.stageOutcomes.drain(timeoutMs);
      },
      async () => {
        this.ticker.start();
        return () => this.ticker.stop();
      },
      async () => {
        await this.commands.start();
        return () => this.commands.stop();
      },
    ];
    for (const step of steps.slice(this.stops.length)) this.stops.push(await step());
  }

  async drain(timeoutMs: number): Promise<void> {
    for (const stop of this.stops.splice(0).reverse()) await stop(timeoutMs);
  }
}
