import { Module } from '@nestjs/common';
import { ContractRegistry, createRegistry } from '@fai/contracts';
import { PostgresEventStore, type SqlDatabase } from '@fai/event-store';
import { ProjectionRunner } from '@fai/projections';
import {
  FAI_CONFIG,
  FAI_LOGGER,
  PLATFORM_BACKEND,
  SQL_DATABASE,
  type PlatformBackend,
} from '@fai/service-kit';
import { DataSource } from 'typeorm';
import type { Logger } from 'winston';
import { OpenAdhocCycleController } from './cycles/commands/open-adhoc-cycle/open-adhoc-cycle.controller';
import { OpenAdhocCycleHandler } from './cycles/commands/open-adhoc-cycle/open-adhoc-cycle.handler';
import { ProceedAtCutOffController } from './cycles/commands/proceed-at-cut-off/proceed-at-cut-off.controller';
import { ProceedAtCutOffHandler } from './cycles/commands/proceed-at-cut-off/proceed-at-cut-off.handler';
import { StartRerunController } from './cycles/commands/start-rerun/start-rerun.controller';
import { StartRerunHandler } from './cycles/commands/start-rerun/start-rerun.handler';
import { CycleCommands } from './cycles/cycle-commands.service';
import { StageOutcomeConsumer } from './cycles/stage-outcomes/stage-outcome.consumer';
import { CLOCK, clockFor } from './infrastructure/clock';
import { CommandEndpoint } from './infrastructure/command-endpoint';
import { CommandExecutor } from './infrastructure/command-executor';
import { COMMAND_ROUTES, CommandServer, type CommandRoutes } from './infrastructure/command-server';
import { EventCodec } from './infrastructure/event-codec';
import { OperatorAlerts } from './infrastructure/operator-alerts.writer';
import { schedulerDataSource, schedulerProjectionRunner } from './infrastructure/read-models';
import { SchedulerRuntime } from './infrastructure/scheduler-runtime';
import { ChangePortfolioController } from './portfolios/commands/change-portfolio/change-portfolio.controller';
import { RegisterPortfolioController } from './portfolios/commands/register-portfolio/register-portfolio.controller';
import { SetExpectedInventoryController } from './portfolios/commands/set-expected-inventory/set-expected-inventory.controller';
import { SetPortfolioScheduleController } from './portfolios/commands/set-portfolio-schedule/set-portfolio-schedule.controller';
import { PortfolioCommands } from './portfolios/portfolio-commands.service';
import { ScheduleTicker } from './schedule/schedule-ticker';
import type { SchedulerConfig } from './scheduler.config';

const COMMANDS: CommandRoutes = {
  controllers: [
    RegisterPortfolioController,
    ChangePortfolioController,
    SetPortfolioScheduleController,
    SetExpectedInventoryController,
    OpenAdhocCycleController,
    StartRerunController,
    ProceedAtCutOffController,
  ],
  dependencies: [
    CommandEndpoint,
    PortfolioCommands,
    OpenAdhocCycleHandler,
    StartRerunHandler,
    ProceedAtCutOffHandler,
  ],
};

/** Portfolios, schedules, cycles and runs: commands, the clock, stage outcomes and read models. */
@Module({
  providers: [
    { provide: ContractRegistry, useFactory: createRegistry },
    { provide: CLOCK, inject: [FAI_CONFIG], useFactory: clockFor },
    {
      provide: DataSource,
      inject: [FAI_CONFIG, SQL_DATABASE],
      useFactory: (config: SchedulerConfig, database: SqlDatabase) => schedulerDataSource(config, database),
    },
    {
      provide: ProjectionRunner,
      inject: [FAI_CONFIG, FAI_LOGGER, PLATFORM_BACKEND, DataSource, PostgresEventStore, EventCodec],
      useFactory: (
        config: SchedulerConfig,
        logger: Logger,
        backend: PlatformBackend,
        dataSource: DataSource,
        store: PostgresEventStore,
        codec: EventCodec,
      ) =>
        schedulerProjectionRunner({
          config,
          dataSource,
          store,
          codec,
          leaderLock: (key) => backend.leaderLock(key),
          logger,
        }),
    },
    { provide: COMMAND_ROUTES, useValue: COMMANDS },
    EventCodec,
    CommandExecutor,
    CommandEndpoint,
    PortfolioCommands,
    CycleCommands,
    OperatorAlerts,
    OpenAdhocCycleHandler,
    StartRerunHandler,
    ProceedAtCutOffHandler,
    ScheduleTicker,
    StageOutcomeConsumer,
    CommandServer,
    SchedulerRuntime,
  ],
})
export class SchedulerModule {}
