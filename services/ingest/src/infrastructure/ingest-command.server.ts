import { Controller, Inject, Module, type DynamicModule, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload, Transport, type MicroserviceOptions } from '@nestjs/microservices';
import {
  createRegistry,
  getRunInventoryV1,
  placeLegalHoldV1,
  registerArtefactV1,
  releaseLegalHoldV1,
  runRetentionSweepV1,
  setSourcePolicyV1,
  type AnyCommandContract,
  type PlaceLegalHoldRequest,
  type RegisterArtefactRequest,
  type ReleaseLegalHoldRequest,
  type RunRetentionSweepRequest,
  type SetSourcePolicyRequest,
} from '@fai/contracts';
import { CommandContextInterceptor, CommandExceptionFilter } from '@fai/messaging';
import type { Logger } from 'winston';
import type { RegisterArtefactHandler } from '../artefacts/commands/register-artefact/register-artefact.handler';
import type { SourcePolicyService } from '../artefacts/commands/set-source-policy/source-policy.service';
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

/** `<prefix>.ingest.<command>.v<N>`: the contract's subject under a configurable first token (tests use their own). */
export function commandSubject(prefix: string, contract: AnyCommandContract): string {
  return `${prefix}${contract.subject.slice(contract.subject.indexOf('.'))}`;
}

/**
 * Ingest's commands on core NATS request/reply, served by a Nest NATS microservice of its own (the
 * platform boots HTTP only) in the queue group `ingest`, so replicas share the requests. Requests are
 * validated against their contracts before a handler sees them; refusals go back as FAI error bodies.
 */
export class IngestCommandServer {
  private microservice?: INestMicroservice;

  constructor(
    private readonly options: { natsUrl: string; subjectPrefix: string; logger: Logger },
    private readonly handlers: IngestCommandHandlers,
  ) {}

  async start(): Promise<void> {
    if (this.microservice) return;
    const microservice = await NestFactory.createMicroservice<MicroserviceOptions>(
      commandsModule(this.options.subjectPrefix, this.handlers),
      {
        transport: Transport.NATS,
        options: { servers: [this.options.natsUrl], queue: 'ingest' },
        logger: false,
      },
    );
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

function commandsModule(prefix: string, handlers: IngestCommandHandlers): DynamicModule {
  const registry = createRegistry();

  // Subjects are decorator arguments, so the controller is made once the prefix is known.
  @Controller()
  class IngestCommandsController {
    constructor(@Inject(HANDLERS) private readonly commands: IngestCommandHandlers) {}

    @MessagePattern(commandSubject(prefix, registerArtefactV1))
    registerArtefact(@Payload() payload: unknown) {
      const request = registry.validateRequest<RegisterArtefactRequest>(registerArtefactV1.name, 1, payload);
      return this.commands.registerArtefact.register(request);
    }

    @MessagePattern(commandSubject(prefix, setSourcePolicyV1))
    setSourcePolicy(@Payload() payload: unknown) {
      const request = registry.validateRequest<SetSourcePolicyRequest>(setSourcePolicyV1.name, 1, payload);
      return this.commands.sourcePolicies.set(request);
    }

    @MessagePattern(commandSubject(prefix, getRunInventoryV1))
    getRunInventory(@Payload() payload: unknown) {
      const { runId } = registry.validateRequest<{ runId: string }>(getRunInventoryV1.name, 1, payload);
      return runInventory(this.commands.inventories, runId);
    }

    @MessagePattern(commandSubject(prefix, placeLegalHoldV1))
    placeLegalHold(@Payload() payload: unknown) {
      const request = registry.validateRequest<PlaceLegalHoldRequest>(placeLegalHoldV1.name, 1, payload);
      return this.commands.legalHolds.place(request);
    }

    @MessagePattern(commandSubject(prefix, releaseLegalHoldV1))
    releaseLegalHold(@Payload() payload: unknown) {
      const request = registry.validateRequest<ReleaseLegalHoldRequest>(releaseLegalHoldV1.name, 1, payload);
      return this.commands.legalHolds.release(request);
    }

    @MessagePattern(commandSubject(prefix, runRetentionSweepV1))
    runRetentionSweep(@Payload() payload: unknown) {
      const request = registry.validateRequest<RunRetentionSweepRequest>(
        runRetentionSweepV1.name,
        1,
        payload,
      );
      return this.commands.retentionSweeps.sweep(request);
    }
  }

  @Module({})
  class IngestCommandsModule {}

  return {
    module: IngestCommandsModule,
    controllers: [IngestCommandsController],
    providers: [{ provide: HANDLERS, useValue: handlers }],
  };
}
