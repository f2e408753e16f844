import {
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { getClaimsV1 } from '@fai/contracts';
import { PostgresEventStore } from '@fai/event-store';
import { CommandClient } from '@fai/messaging';
import {
  CommandServers,
  commandSubjectIn,
  ConsumerRegistry,
  FAI_CONFIG,
  FAI_LOGGER,
  PLATFORM_BACKEND,
  type CommandServer,
  type PlatformBackend,
} from '@fai/service-kit';
import type { ClientProxy } from '@nestjs/microservices';
import type { Logger } from 'winston';
import {
  consumedSubjects,
  createValidationService,
  type ValidationService,
} from './infrastructure/validation-service';
import { loadPolicyCatalogue } from './policies/policy-catalogue';
import { ValidationConfig } from './validation.config';

const VALIDATION_SERVICE = Symbol('VALIDATION_SERVICE');
const CLAIMS_CLIENT = Symbol('CLAIMS_CLIENT');
const COMMAND_SERVER = Symbol('COMMAND_SERVER');

/**
 * Wires validation into the platform: its consumer starts once the event store and streams are
 * ready (and drains on shutdown); its commands and queries answer on the platform's command transport
 * (NATS, or in process when embedded) while the service runs.
 * The policy documents are loaded (and validated) at start-up: an invalid one stops the service.
 */
@Module({
  providers: [
    {
      provide: CLAIMS_CLIENT,
      inject: [PLATFORM_BACKEND],
      useFactory: (backend: PlatformBackend): ClientProxy => backend.commands.client(),
    },
    {
      provide: VALIDATION_SERVICE,
      inject: [FAI_CONFIG, FAI_LOGGER, PLATFORM_BACKEND, PostgresEventStore, CLAIMS_CLIENT],
      useFactory: (
        config: ValidationConfig,
        logger: Logger,
        backend: PlatformBackend,
        store: PostgresEventStore,
        claims: ClientProxy,
      ): ValidationService =>
        createValidationService({
          db: backend.database,
          store,
          schema: config.FAI_PG_SCHEMA,
          bus: backend.bus,
          stream: config.FAI_EVENT_STREAM,
          subjects: consumedSubjects(config.FAI_VALIDATION_SOURCE_PREFIX),
          policies: loadPolicyCatalogue(config.FAI_POLICIES_DIR),
          commands: new CommandClient(claims),
          claimsSubject: commandSubjectIn(config.FAI_COMMAND_SUBJECT_PREFIX, getClaimsV1.subject),
          telemetry: { logger },
        }),
    },
    {
      provide: COMMAND_SERVER,
      inject: [CommandServers, VALIDATION_SERVICE],
      useFactory: (servers: CommandServers, service: ValidationService): CommandServer =>
        servers.serve(service.routes),
    },
  ],
})
export class ValidationModule implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(VALIDATION_SERVICE) private readonly service: ValidationService,
    @Inject(CLAIMS_CLIENT) private readonly claims: ClientProxy,
    private readonly consumers: ConsumerRegistry,
    @Inject(COMMAND_SERVER) private readonly commands: CommandServer,
  ) {}

  onModuleInit(): void {
    this.consumers.register(this.service.consumers);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.service.migrate();
    await this.commands.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.commands.stop();
    await this.claims.close();
  }
}
