import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { startRerunV1, type RunCommandReply } from '@fai/contracts';
import { CommandEndpoint } from '../../../infrastructure/command-endpoint';
import { StartRerunHandler } from './start-rerun.handler';

/** `StartRerun` over NATS request/reply; the request type is the contract's. */
@Controller()
export class StartRerunController {
  constructor(
    private readonly endpoint: CommandEndpoint,
    private readonly handler: StartRerunHandler,
  ) {}

  @MessagePattern(startRerunV1.subject)
  startRerun(@Payload() payload: unknown): Promise<RunCommandReply> {
    return this.endpoint.run(startRerunV1, payload, (request) => this.handler.execute(request));
  }
}
