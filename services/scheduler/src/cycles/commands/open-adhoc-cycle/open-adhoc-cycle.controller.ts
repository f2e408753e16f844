import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { openAdhocCycleV1, type RunCommandReply } from '@fai/contracts';
import { CommandEndpoint } from '../../../infrastructure/command-endpoint';
import { OpenAdhocCycleHandler } from './open-adhoc-cycle.handler';

/** `OpenAdhocCycle` over NATS request/reply; the request type is the contract's. */
@Controller()
export class OpenAdhocCycleController {
  constructor(
    private readonly endpoint: CommandEndpoint,
    private readonly handler: OpenAdhocCycleHandler,
  ) {}

  @MessagePattern(openAdhocCycleV1.subject)
  openAdhocCycle(@Payload() payload: unknown): Promise<RunCommandReply> {
    return this.endpoint.run(openAdhocCycleV1, payload, (request) => this.handler.execute(request));
  }
}
