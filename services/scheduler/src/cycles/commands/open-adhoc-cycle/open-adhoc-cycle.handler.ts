import { Inject, Injectable } from '@nestjs/common';
import type { OpenAdhocCycleRequest, RunCommandReply } from '@fai/contracts';
import { currentLogContext } from '@fai/observability';
import { CLOCK, type Clock } from '../../../infrastructure/clock';
import { operatorContext } from '../../../infrastructure/event-codec';
import { PortfolioCommands } from '../../../portfolios/portfolio-commands.service';
import { CycleCommands, startedRun } from '../../cycle-commands.service';

/** An operator opens an adhoc cycle of a registered portfolio; its events belong to the portfolio's tenant. */
@Injectable()
export class OpenAdhocCycleHandler {
  constructor(
    private readonly portfolios: PortfolioCommands,
    private readonly cycles: CycleCommands,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(request: OpenAdhocCycleRequest): Promise<RunCommandReply> {
    const { portfolioId, period, reason, pinnedPolicyVersions, actor } = request;
    const { tenantId } = await this.portfolios.registered(portfolioId);
    const outcome = await this.cycles.open(
      {
        portfolioId,
        period,
        kind: 'adhoc',
        reason,
        pinnedPolicyVersions,
        openedBy: { kind: 'operator', actor },
      },
      this.clock.now(),
      { ...operatorContext(request, currentLogContext().correlationId), tenantId },
    );
    return startedRun(outcome);
  }
}
