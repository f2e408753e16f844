import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { SqlDatabase } from '@fai/event-store';
import { openReadModels, ProjectionRunner } from '@fai/projections';
import { ConsumerRegistry, FAI_CONFIG, SQL_DATABASE, StartSequence } from '@fai/service-kit';
import { DataSource } from 'typeorm';
import { StageOutcomeConsumer } from '../cycles/stage-outcomes/stage-outcome.consumer';
import { ScheduleTicker } from '../schedule/schedule-ticker';
import type { SchedulerConfig } from '../scheduler.config';
import { CommandServer } from './command-server';
import { READ_MODEL_MIGRATIONS } from './read-models';

/**
 * The scheduler's own moving parts, started in order once the platform has migrated the event store
 * and started the relay (registered as one of the platform's consumers), and stopped in reverse order
 * before the relay, the bus and the database go: read-model tables, projections, stage outcome consumer,
 * clock, and last the command server, so nothing is answered before it can be done.
 */
@Injectable()
export class SchedulerRuntime implements OnModuleInit {
  constructor(
    @Inject(FAI_CONFIG) private readonly config: SchedulerConfig,
    private readonly consumers: ConsumerRegistry,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly dataSource: DataSource,
    private readonly projections: ProjectionRunner,
    private readonly stageOutcomes: StageOutcomeConsumer,
    private readonly ticker: ScheduleTicker,
    private readonly commands: CommandServer,
  ) {}

  onModuleInit(): void {
    this.consumers.register(this.parts);
  }

  private readonly parts = new StartSequence([
    () => openReadModels(this.db, this.config.FAI_PG_SCHEMA, READ_MODEL_MIGRATIONS, this.dataSource),
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
  ]);
}
