import { Injectable } from '@nestjs/common';
import { ContractRegistry, type CommandContract } from '@fai/contracts';
import { withLogContext } from '@fai/observability';

/**
 * The edge of every command: the request is checked against its contract before anything runs, and
 * the reply against its contract before it leaves, so a caller only ever sees what the contract says.
 */
@Injectable()
export class CommandEndpoint {
  constructor(private readonly registry: ContractRegistry) {}

  async run<TRequest, TReply>(
    contract: CommandContract<TRequest, TReply>,
    payload: unknown,
    handle: (request: TRequest) => Promise<TReply>,
  ): Promise<TReply> {
    const request = this.registry.validateRequest<TRequest>(contract.name, contract.version, payload);
    const about = request as { actor?: string; portfolioId?: string; cycleId?: string };
    const reply = await withLogContext(
      { userId: about.actor, portfolioId: about.portfolioId, cycleId: about.cycleId },
      () => handle(request),
    );
    return this.registry.validateReply<TReply>(contract.name, contract.version, reply);
  }
}
