import { portfolioChangedV1, portfolioRegisteredV1 } from '@fai/contracts';
import type { SqlExecutor } from '@fai/event-store';
import type { ConsumedEvent } from '@fai/messaging';
import { eventData } from '../infrastructure/consumed-events';
import type { FundRegistryRepository } from '../infrastructure/fund-registry.repository';

/**
 * Keeps extraction's copy of every portfolio's funds and identifiers, from the scheduler's
 * events, in order (the consumer is ordered: a change must not overtake its registration).
 */
export class PortfolioRegistryHandler {
  constructor(private readonly registry: FundRegistryRepository) {}

  async handle(event: ConsumedEvent, tx: SqlExecutor): Promise<void> {
    const registered = eventData(event, portfolioRegisteredV1);
    if (registered) {
      await this.registry.registerPortfolio(tx, registered);
      return;
    }
    const changed = eventData(event, portfolioChangedV1);
    if (changed) await this.registry.changePortfolio(tx, changed);
  }
}
