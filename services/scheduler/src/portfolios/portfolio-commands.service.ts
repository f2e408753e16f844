import { Inject, Injectable } from '@nestjs/common';
import { PortfolioNotFoundError, type PortfolioCommandReply } from '@fai/contracts';
import { currentLogContext } from '@fai/observability';
import { CLOCK, type Clock } from '../infrastructure/clock';
import { CommandExecutor } from '../infrastructure/command-executor';
import { operatorContext } from '../infrastructure/event-codec';
import {
  portfolioDecider,
  portfolioStreamId,
  type PortfolioCommand,
  type PortfolioEvent,
  type PortfolioState,
} from './portfolio.decider';

/** A portfolio command as it arrives: the command's data plus the id that makes a retry harmless. */
export type PortfolioRequest<T extends PortfolioCommand['type']> = { commandId: string } & Extract<
  PortfolioCommand,
  { type: T }
>['data'];

export type RegisteredPortfolio = Extract<PortfolioState, { status: 'registered' }>;

/** The portfolio use cases: each maps its request onto the portfolio decider, one stream per portfolio. */
@Injectable()
export class PortfolioCommands {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run<T extends PortfolioCommand['type']>(
    type: T,
    request: PortfolioRequest<T>,
  ): Promise<PortfolioCommandReply> {
    const { commandId: _commandId, ...data } = request;
    const command = { type, data, metadata: { now: this.clock.now() } } as PortfolioCommand;
    const { portfolioId } = command.data;
    const outcome = await this.executor.execute({
      decider: portfolioDecider,
      streamId: portfolioStreamId(portfolioId),
      command,
      context: {
        ...operatorContext(request, currentLogContext().correlationId),
        portfolioId,
        tenantId: command.type === 'RegisterPortfolio' ? command.data.tenantId : undefined,
      },
    });
    return { portfolioId, changed: outcome.events.length > 0 };
  }

  /** The portfolio as registered now, or PORTFOLIO_NOT_FOUND. */
  async registered(portfolioId: string): Promise<RegisteredPortfolio> {
    const state = await this.executor.load<PortfolioEvent, PortfolioState>(
      portfolioDecider,
      portfolioStreamId(portfolioId),
    );
    if (state.status !== 'registered') throw new PortfolioNotFoundError(portfolioId);
    return state;
  }
}
