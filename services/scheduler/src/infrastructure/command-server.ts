import { Inject, Injectable, Module, type INestMicroservice, type Type } from '@nestjs/common';
import { ModuleRef, NestFactory } from '@nestjs/core';
import { ServerNats, type MessageHandler, type NatsOptions } from '@nestjs/microservices';
import { CommandContextInterceptor, CommandExceptionFilter } from '@fai/messaging';
import { commandSubjectIn, FAI_CONFIG, FAI_LOGGER, NestWinstonLogger } from '@fai/service-kit';
import type { Logger } from 'winston';
import { SERVICE_NAME, type SchedulerConfig } from '../scheduler.config';

/** How long closing waits for commands in flight after it stops taking new ones. */
const CLOSE_GRACE_MS = 500;

/** Nest's NATS server, answering every pattern under the deployment's command-subject prefix. */
class PrefixedNatsServer extends ServerNats {
  constructor(
    options: NatsOptions['options'],
    private readonly prefix: string,
  ) {
    super(options ?? {});
  }

  override addHandler(
    pattern: unknown,
    callback: MessageHandler,
    isEventHandler?: boolean,
    extras?: Record<string, unknown>,
  ): void {
    super.addHandler(commandSubjectIn(this.prefix, String(pattern)), callback, isEventHandler, extras);
  }
}

@Module({})
class SchedulerCommandsModule {}

export interface CommandRoutes {
  controllers: Type[];
  /** What the controllers inject, handed over from the application's container. */
  dependencies: Type[];
}

export const COMMAND_ROUTES = Symbol('COMMAND_ROUTES');

/**
 * Answers the scheduler's commands over core NATS request/reply, in a queue group so each command
 * reaches one replica. It runs as a Nest microservice beside the HTTP application (the platform's
 * bootstrap creates only the latter) and starts once the platform is up, so no command arrives
 * before the store is migrated; its controllers use the application's own instances.
 */
@Injectable()
export class CommandServer {
  private microservice?: INestMicroservice;

  constructor(
    @Inject(FAI_CONFIG) private readonly config: SchedulerConfig,
    @Inject(FAI_LOGGER) private readonly logger: Logger,
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
        strategy: new PrefixedNatsServer(
          {
            servers: [this.config.FAI_NATS_URL],
            name: `${SERVICE_NAME}-commands`,
            queue: SERVICE_NAME,
            maxReconnectAttempts: -1,
            gracefulShutdown: true,
            gracePeriod: CLOSE_GRACE_MS,
          },
          this.config.FAI_COMMAND_SUBJECT_PREFIX,
        ),
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
