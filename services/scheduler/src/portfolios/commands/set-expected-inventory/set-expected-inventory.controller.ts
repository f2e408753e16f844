import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { setExpectedInventoryV1, type PortfolioCommandReply } from '@fai/contracts';
import { CommandEndpoint } from '../../../infrastructure/command-endpoint';
import { PortfolioCommands } from '../../portfolio-commands.service';

/** `SetExpectedInventory` over NATS request/reply; the request type is the contract's. */
@Controller()
export class SetExpectedInventoryController {
  constructor(
    private readonly endpoint: CommandEndpoint,
    private readonly portfolios: PortfolioCommands,
  ) {}

  @MessagePattern(setExpectedInventoryV1.subject)
  setExpectedInventory(@Payload() payload: unknown): Promise<PortfolioCommandReply> {
    return this.endpoint.run(setExpectedInventoryV1, payload, (request) =>
      this.portfolios.run('SetExpectedInventory', request),
    );
  }
}
