import { Inject, Injectable, Module, type INestMicroservice, type Type } from '@nestjs/common';
import { ModuleRef, NestFactory } from '@nestjs/core';
import { CommandContextInterceptor, CommandExceptionFilter } from '@fai/messaging';
import {
  FAI_CONFIG,
  FAI_LOGGER,
  NestWinstonLogger,
  PLATFORM_BACKEND,
  type PlatformBackend,
} from '@fai/service-kit';
import type { Logger } from 'winston';
import { SERVICE_NAME, type SchedulerConfig } from '../scheduler.config';

/** How long closing waits for commands in flight after it stops taking new ones. */
const CLOSE_GRACE_MS = 500;

@Module({})
class SchedulerCommandsModule {}

export interface CommandRoutes {
  controllers: Type[];
  /** What the controllers inject, handed over from the application's container. */
  dependencies: Type[];
}

export const COMMAND_ROUTES = Symbol('COMMAND_ROUTES');

/**
 * Answers the scheduler's commands on the platform's command transport: core NATS request/reply in
 * a queue group, so each command reaches one replica, or in process when embedded. It runs as a Nest
 * microservice beside the HTTP application (the platform's bootstrap creates only the latter) and
 * starts once the platform is up, so no command arrives before the store is migrated; its
 * controllers use the application's own instances.
 */
@Injectable()
export class CommandServer {
  private microservice?: INestMicroservice;

  constructor(
    @Inject(FAI_CONFIG) private readonly config: SchedulerConfig,
    @Inject(FAI_LOGGER) private readonly logger: Logger,
    @Inject(PLATFORM_BACKEND) private readonly backend: PlatformBackend,
    @Inject(COMMAND_ROUTES) private readonly routes: CommandRoutes,
    private readonly nestLogger: NestWinstonLogger,
    private readonly moduleRef: ModuleRef,
  ) {}

  async start(): Promise<void> {
    const providers = this.routes.dependencies.map((type) => ({
      provide: type,
      useValue: this.moduleRef.get(type, { strict: false }),
    }));
    const microservice = await NestFactory.createMicroservice(
      { module: SchedulerCommandsModule, controllers: this.routes.controllers, providers },
      {
        strategy: this.backend.commands.server({
          service: SERVICE_NAME,
          subjectPrefix: this.config.FAI_COMMAND_SUBJECT_PREFIX,
          closeGraceMs: CLOSE_GRACE_MS,
        }),
        logger: this.nestLogger,
      },
    );
    microservice.useGlobalFilters(new CommandExceptionFilter(this.logger));
    microservice.useGlobalInterceptors(new CommandContextInterceptor());
    await microservice.listen();
    this.microservice = microservice;
  }

  /** Stops taking commands, lets those in flight answer, then closes. */
  async stop(): Promise<void> {
    await this.microservice?.close();
    this.microservice = undefined;
  }
}
