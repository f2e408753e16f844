import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { registerPortfolioV1, type PortfolioCommandReply } from '@fai/contracts';
import { CommandEndpoint } from '../../../infrastructure/command-endpoint';
import { PortfolioCommands } from '../../portfolio-commands.service';

/** `RegisterPortfolio` over NATS request/reply; the request type is the contract's. */
@Controller()
export class RegisterPortfolioController {
  constructor(
    private readonly endpoint: CommandEndpoint,
    private readonly portfolios: PortfolioCommands,
  ) {}

  @MessagePattern(registerPortfolioV1.subject)
  registerPortfolio(@Payload() payload: unknown): Promise<PortfolioCommandReply> {
    return this.endpoint.run(registerPortfolioV1, payload, (request) =>
      this.portfolios.run('RegisterPortfolio', request),
    );
  }
}
