import { Controller, Inject, Module, type DynamicModule, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  createRegistry,
  getRunInventoryV1,
  placeLegalHoldV1,
  registerArtefactV1,
  releaseLegalHoldV1,
  runRetentionSweepV1,
  setSourcePolicyV1,
  type PlaceLegalHoldRequest,
  type RegisterArtefactRequest,
  type ReleaseLegalHoldRequest,
  type RunRetentionSweepRequest,
  type SetSourcePolicyRequest,
} from '@fai/contracts';
import { CommandContextInterceptor, CommandExceptionFilter, type CommandTransport } from '@fai/messaging';
import type { Logger } from 'winston';
import type { RegisterArtefactHandler } from '../artefacts/commands/register-artefact/register-artefact.handler';
import type { SourcePolicyService } from '../artefacts/commands/set-source-policy/source-policy.service';
import { SERVICE_NAME } from '../ingest.config';
import { runInventory } from '../inventory/inventory.controller';
import type { InventoryLedger } from '../inventory/inventory.ledger';
import type { LegalHoldService } from '../retention/legal-hold.service';
import type { RetentionSweepService } from '../retention/retention-sweep.service';

export interface IngestCommandHandlers {
  registerArtefact: RegisterArtefactHandler;
  sourcePolicies: SourcePolicyService;
  inventories: InventoryLedger;
  legalHolds: LegalHoldService;
  retentionSweeps: RetentionSweepService;
}

const HANDLERS = Symbol('INGEST_COMMAND_HANDLERS');

/**
 * Ingest's commands on the platform's command transport (core NATS request/reply in the queue group
 * `ingest`, so replicas share the requests, or in process when embedded), served by a Nest
 * microservice of its own (the platform boots HTTP only). The server answers each contract's subject
 * under FAI_COMMAND_SUBJECT_PREFIX (tests use their own). Requests are validated against their
 * contracts before a handler sees them; refusals go back as FAI error bodies.
 */
export class IngestCommandServer {
  private microservice?: INestMicroservice;

  constructor(
    private readonly options: { transport: CommandTransport; subjectPrefix: string; logger: Logger },
    private readonly handlers: IngestCommandHandlers,
  ) {}

  async start(): Promise<void> {
    if (this.microservice) return;
    const { transport, subjectPrefix } = this.options;
    const microservice = await NestFactory.createMicroservice(commandsModule(this.handlers), {
      strategy: transport.server({ service: SERVICE_NAME, subjectPrefix }),
      logger: false,
    });
    microservice.useGlobalFilters(new CommandExceptionFilter(this.options.logger));
    microservice.useGlobalInterceptors(new CommandContextInterceptor());
    await microservice.listen();
    this.microservice = microservice;
  }

  async drain(): Promise<void> {
    await this.microservice?.close();
    this.microservice = undefined;
  }
}

@Controller()
class IngestCommandsController {
  private readonly registry = createRegistry();

  constructor(@Inject(HANDLERS) private readonly commands: IngestCommandHandlers) {}

  @MessagePattern(registerArtefactV1.subject)
  registerArtefact(@Payload() payload: unknown) {
    const request = this.registry.validateRequest<RegisterArtefactRequest>(
      registerArtefactV1.name,
      1,
      payload,
    );
    return this.commands.registerArtefact.register(request);
  }

  @MessagePattern(setSourcePolicyV1.subject)
  setSourcePolicy(@Payload() payload: unknown) {
    const request = this.registry.validateRequest<SetSourcePolicyRequest>(setSourcePolicyV1.name, 1, payload);
    return this.commands.sourcePolicies.set(request);
  }

  @MessagePattern(getRunInventoryV1.subject)
  getRunInventory(@Payload() payload: unknown) {
    const { runId } = this.registry.validateRequest<{ runId: string }>(getRunInventoryV1.name, 1, payload);
    return runInventory(this.commands.inventories, runId);
  }

  @MessagePattern(placeLegalHoldV1.subject)
  placeLegalHold(@Payload() payload: unknown) {
    const request = this.registry.validateRequest<PlaceLegalHoldRequest>(placeLegalHoldV1.name, 1, payload);
    return this.commands.legalHolds.place(request);
  }

  @MessagePattern(releaseLegalHoldV1.subject)
  releaseLegalHold(@Payload() payload: unknown) {
    const request = this.registry.validateRequest<ReleaseLegalHoldRequest>(
      releaseLegalHoldV1.name,
      1,
      payload,
    );
    return this.commands.legalHolds.release(request);
  }

  @MessagePattern(runRetentionSweepV1.subject)
  runRetentionSweep(@Payload() payload: unknown) {
    const request = this.registry.validateRequest<RunRetentionSweepRequest>(
      runRetentionSweepV1.name,
      1,
      payload,
    );
    return this.commands.retentionSweeps.sweep(request);
  }
}

@Module({})
class IngestCommandsModule {}

function commandsModule(handlers: IngestCommandHandlers): DynamicModule {
  return {
    module: IngestCommandsModule,
    controllers: [IngestCommandsController],
    providers: [{ provide: HANDLERS, useValue: handlers }],
  };
}
