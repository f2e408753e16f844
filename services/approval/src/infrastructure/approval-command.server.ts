import { Controller, Inject, Module, type DynamicModule, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload, Transport, type MicroserviceOptions } from '@nestjs/microservices';
import {
  approveV1,
  createRegistry,
  getFundWorkflowV1,
  rejectV1,
  setApprovalPolicyV1,
  submitForReviewV1,
  type CommandContract,
} from '@fai/contracts';
import { CommandContextInterceptor, CommandExceptionFilter } from '@fai/messaging';
import { withLogContext } from '@fai/observability';
import type { Logger } from 'winston';
import type { ApprovalPolicies } from '../approval-policy/approval-policies';
import type { FundWorkflowCommands } from '../fund-workflow/fund-workflow.commands';
import type { FundWorkflowQuery } from '../fund-workflow/fund-workflow.view';

export interface ApprovalCommandHandlers {
  workflows: FundWorkflowCommands;
  policies: ApprovalPolicies;
  query: FundWorkflowQuery;
}

const HANDLERS = Symbol('APPROVAL_COMMAND_HANDLERS');

/** `<prefix>.approval.<command>.v<N>`: the contract's subject under a configurable first token (tests use their own). */
export function commandSubject(prefix: string, contract: { subject: string }): string {
  return `${prefix}${contract.subject.slice(contract.subject.indexOf('.'))}`;
}

/**
 * Approval's commands on core NATS request/reply, served by a Nest NATS microservice of its own (the
 * platform boots HTTP only) in the queue group `approval`, so replicas share the requests. Requests
 * and replies are validated against their contracts; refusals go back as FAI error bodies.
 */
export class ApprovalCommandServer {
  private microservice?: INestMicroservice;

  constructor(
    private readonly options: { natsUrl: string; subjectPrefix: string; logger: Logger },
    private readonly handlers: ApprovalCommandHandlers,
  ) {}

  async start(): Promise<void> {
    if (this.microservice) return;
    const microservice = await NestFactory.createMicroservice<MicroserviceOptions>(
      commandsModule(this.options.subjectPrefix, this.handlers),
      {
        transport: Transport.NATS,
        options: { servers: [this.options.natsUrl], queue: 'approval', name: 'approval-commands' },
        logger: false,
      },
    );
    microservice.useGlobalFilters(new CommandExceptionFilter(this.options.logger));
    microservice.useGlobalInterceptors(new CommandContextInterceptor());
    await microservice.listen();
    this.microservice = microservice;
  }

  async stop(): Promise<void> {
    await this.microservice?.close();
    this.microservice = undefined;
  }
}

function commandsModule(prefix: string, handlers: ApprovalCommandHandlers): DynamicModule {
  const registry = createRegistry();

  /** Checks the request before the handler runs and the reply before it leaves. */
  const run = async <TRequest, TReply>(
    contract: CommandContract<TRequest, TReply>,
    payload: unknown,
    handle: (request: TRequest) => Promise<TReply>,
  ): Promise<TReply> => {
    const request = registry.validateRequest<TRequest>(contract.name, contract.version, payload);
    const about = request as { actor?: string; cycleId?: string; portfolioId?: string };
    const reply = await withLogContext(
      { userId: about.actor, cycleId: about.cycleId, portfolioId: about.portfolioId },
      () => handle(request),
    );
    return registry.validateReply<TReply>(contract.name, contract.version, reply);
  };

  // Subjects are decorator arguments, so the controller is made once the prefix is known.
  @Controller()
  class ApprovalCommandsController {
    constructor(@Inject(HANDLERS) private readonly commands: ApprovalCommandHandlers) {}

    @MessagePattern(commandSubject(prefix, submitForReviewV1))
    submitForReview(@Payload() payload: unknown) {
      return run(submitForReviewV1, payload, (request) => this.commands.workflows.submitForReview(request));
    }

    @MessagePattern(commandSubject(prefix, approveV1))
    approve(@Payload() payload: unknown) {
      return run(approveV1, payload, (request) => this.commands.workflows.approve(request));
    }

    @MessagePattern(commandSubject(prefix, rejectV1))
    reject(@Payload() payload: unknown) {
      return run(rejectV1, payload, (request) => this.commands.workflows.reject(request));
    }

    @MessagePattern(commandSubject(prefix, setApprovalPolicyV1))
    setApprovalPolicy(@Payload() payload: unknown) {
      return run(setApprovalPolicyV1, payload, (request) => this.commands.policies.set(request));
    }

    @MessagePattern(commandSubject(prefix, getFundWorkflowV1))
    getFundWorkflow(@Payload() payload: unknown) {
      return run(getFundWorkflowV1, payload, (request) => this.commands.query.run(request));
    }
  }

  @Module({})
  class ApprovalCommandsModule {}

  return {
    module: ApprovalCommandsModule,
    controllers: [ApprovalCommandsController],
    providers: [{ provide: HANDLERS, useValue: handlers }],
  };
}
