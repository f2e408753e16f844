import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { changePortfolioV1, type PortfolioCommandReply } from '@fai/contracts';
import { CommandEndpoint } from '../../../infrastructure/command-endpoint';
import { PortfolioCommands } from '../../portfolio-commands.service';

/** `ChangePortfolio` over NATS request/reply; the request type is the contract's. */
@Controller()
export class ChangePortfolioController {
  constructor(
    private readonly endpoint: CommandEndpoint,
    private readonly portfolios: PortfolioCommands,
  ) {}

  @MessagePattern(changePortfolioV1.subject)
  changePortfolio(@Payload() payload: unknown): Promise<PortfolioCommandReply> {
    return this.endpoint.run(changePortfolioV1, payload, (request) =>
      this.portfolios.run('ChangePortfolio', request),
    );
  }
}
