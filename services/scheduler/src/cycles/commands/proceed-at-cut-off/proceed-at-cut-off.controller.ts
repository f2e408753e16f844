import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { proceedAtCutOffV1, type RunCommandReply } from '@fai/contracts';
import { CommandEndpoint } from '../../../infrastructure/command-endpoint';
import { ProceedAtCutOffHandler } from './proceed-at-cut-off.handler';

/** `ProceedAtCutOff` over NATS request/reply; the request type is the contract's. */
@Controller()
export class ProceedAtCutOffController {
  constructor(
    private readonly endpoint: CommandEndpoint,
    private readonly handler: ProceedAtCutOffHandler,
  ) {}

  @MessagePattern(proceedAtCutOffV1.subject)
  proceedAtCutOff(@Payload() payload: unknown): Promise<RunCommandReply> {
    return this.endpoint.run(proceedAtCutOffV1, payload, (request) => this.handler.execute(request));
  }
}
