import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { getClaimsV1 } from '@fai/contracts';
import { PostgresEventStore } from '@fai/event-store';
import {
  commandSubjectIn,
  ConsumerRegistry,
  FAI_CONFIG,
  FAI_LOGGER,
  PLATFORM_BACKEND,
  ServiceCommands,
  type PlatformBackend,
} from '@fai/service-kit';
import type { Logger } from 'winston';
import {
  consumedSubjects,
  createValidationService,
  type ValidationService,
} from './infrastructure/validation-service';
import { loadPolicyCatalogue } from './policies/policy-catalogue';
import { ValidationConfig } from './validation.config';

const VALIDATION_SERVICE = Symbol('VALIDATION_SERVICE');

/**
 * Wires validation into the platform: its consumer starts once the event store and streams are
 * ready (its tables migrated first) and drains on shutdown; its commands and queries answer on the
 * platform's command transport (NATS, or in process when embedded) once the consumer runs.
 * The policy documents are loaded (and validated) at start-up: an invalid one stops the service.
 */
@Module({
  providers: [
    {
      provide: VALIDATION_SERVICE,
      inject: [FAI_CONFIG, FAI_LOGGER, PLATFORM_BACKEND, PostgresEventStore, ServiceCommands],
      useFactory: (
        config: ValidationConfig,
        logger: Logger,
        backend: PlatformBackend,
        store: PostgresEventStore,
        commands: ServiceCommands,
      ): ValidationService =>
        createValidationService({
          db: backend.database,
          store,
          schema: config.FAI_PG_SCHEMA,
          bus: backend.bus,
          stream: config.FAI_EVENT_STREAM,
          subjects: consumedSubjects(config.FAI_VALIDATION_SOURCE_PREFIX),
          policies: loadPolicyCatalogue(config.FAI_POLICIES_DIR),
          commands: commands.client(),
          claimsSubject: commandSubjectIn(config.FAI_COMMAND_SUBJECT_PREFIX, getClaimsV1.subject),
          telemetry: { logger },
        }),
    },
  ],
})
export class ValidationModule implements OnModuleInit {
  constructor(
    @Inject(VALIDATION_SERVICE) private readonly service: ValidationService,
    private readonly consumers: ConsumerRegistry,
    private readonly commands: ServiceCommands,
  ) {}

  onModuleInit(): void {
    this.consumers.register(this.service.consumers);
    this.commands.serve(this.service.routes);
  }
}
