import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { setPortfolioScheduleV1, type PortfolioCommandReply } from '@fai/contracts';
import { CommandEndpoint } from '../../../infrastructure/command-endpoint';
import { PortfolioCommands } from '../../portfolio-commands.service';

/** `SetPortfolioSchedule` over NATS request/reply; the request type is the contract's. */
@Controller()
export class SetPortfolioScheduleController {
  constructor(
    private readonly endpoint: CommandEndpoint,
    private readonly portfolios: PortfolioCommands,
  ) {}

  @MessagePattern(setPortfolioScheduleV1.subject)
  setPortfolioSchedule(@Payload() payload: unknown): Promise<PortfolioCommandReply> {
    return this.endpoint.run(setPortfolioScheduleV1, payload, (request) =>
      this.portfolios.run('SetPortfolioSchedule', request),
    );
  }
}
