import { FaiError } from '@fai/contracts';
import type { SqlExecutor } from '@fai/event-store';
import type { ConsumedEvent } from '@fai/messaging';
import type { IngestRepository } from '../infrastructure/ingest.repository';
import type { Causation } from '../infrastructure/new-events';
import type { ArtefactFacts, InventoryCommand } from '../inventory/inventory.decider';
import type { InventoryLedger } from '../inventory/inventory.ledger';
import {
  cycleOf,
  DIRECTORY_FACT_TYPES,
  evolveDirectory,
  portfolioOf,
  type DirectoryFact,
  type PortfolioDirectory,
} from './directory';

/** An event about a portfolio or cycle ingest has not learnt of yet: it is retried after its predecessors. */
export class DirectoryNotReadyError extends FaiError {
  constructor(event: string, subject: string) {
    super({
      code: 'DIRECTORY_NOT_READY',
      message: `${event} concerns ${subject}, which ingest does not know yet`,
      hint: 'Nothing to do if it passes on retry (events of a portfolio can arrive out of order); if it is dead-lettered, replay the scheduler events from the portfolio registration on.',
      details: { event, subject },
    });
  }
}

/**
 * Applies scheduler events (and ingest's own SourcePolicySet) to the directory, in the consumer's
 * transaction, and does what they mean for run inventories: a run that starts gets its inventory,
 * one marked incomplete at cut-off reports its missing artefacts, one an operator lets proceed
 * completes its inventory.
 */
export class DirectoryUpdater {
  constructor(
    private readonly repository: IngestRepository,
    private readonly inventories: InventoryLedger,
  ) {}

  handles(eventName: string): boolean {
    return DIRECTORY_FACT_TYPES.has(eventName);
  }

  async apply(event: ConsumedEvent, tx: SqlExecutor): Promise<void> {
    if (!this.handles(event.name)) return;
    const fact = { type: event.name, data: event.data } as DirectoryFact;
    const cause: Causation = { key: event.id, correlationId: event.correlationid, causationId: event.id };
    const directory = await this.record(fact, tx);
    await this.updateInventory(fact, directory, tx, cause);
  }

  /** Folds the fact into its portfolio's directory (locked for the transaction) and saves it. */
  async record(fact: DirectoryFact, tx: SqlExecutor): Promise<PortfolioDirectory> {
    const cycleId = cycleOf(fact);
    const portfolioId =
      portfolioOf(fact) ?? (cycleId && (await this.repository.portfolioOfCycle(cycleId, tx)));
    if (!portfolioId) throw new DirectoryNotReadyError(fact.type, `cycle ${cycleId}`);
    const current = await this.repository.loadDirectory(portfolioId, tx, true);
    const next = evolveDirectory(current, fact);
    if (!next) throw new DirectoryNotReadyError(fact.type, `portfolio ${portfolioId}`);
    await this.repository.saveDirectory(tx, next);
    if (fact.type === 'CycleOpened') await this.repository.recordCycle(tx, fact.data.cycleId, portfolioId);
    return next;
  }

  private async updateInventory(
    fact: DirectoryFact,
    directory: PortfolioDirectory,
    tx: SqlExecutor,
    cause: Causation,
  ): Promise<void> {
    const command = await this.inventoryCommand(fact, directory, tx);
    if (command) await this.inventories.execute(tx, command, cause);
  }

  private async inventoryCommand(
    fact: DirectoryFact,
    directory: PortfolioDirectory,
    tx: SqlExecutor,
  ): Promise<InventoryCommand | undefined> {
    const metadata = { now: new Date(fact.data.at) };
    switch (fact.type) {
      case 'RunStarted': {
        const { cycleId, runId, replacesRunId } = fact.data;
        const cycle = directory.cycles.find((candidate) => candidate.cycleId === cycleId)!;
        return {
          type: 'OpenInventory',
          data: {
            portfolioId: directory.portfolioId,
            cycleId,
            runId,
            period: cycle.period,
            expected: directory.expected,
            carriedOver: replacesRunId ? await this.receivedBy(replacesRunId, tx) : [],
          },
          metadata,
        };
      }
      case 'RunMarkedIncomplete':
        return { type: 'CutOffInventory', data: { runId: fact.data.runId }, metadata };
      case 'RunProceededAtCutOff':
        return { type: 'ProceedWithoutMissing', data: { runId: fact.data.runId }, metadata };
      default:
        return undefined;
    }
  }

  /** What the replaced run received (duplicates aside): a rerun starts from the same inputs. */
  private async receivedBy(runId: string, tx: SqlExecutor): Promise<ArtefactFacts[]> {
    const { state } = await this.inventories.load(runId, tx);
    if (state.status === 'none') return [];
    return state.received
      .filter((receipt) => receipt.assessment !== 'duplicate')
      .map(({ artefactId, sha256, fundId, documentType, period, version }) => ({
        artefactId,
        sha256,
        documentType,
        version,
        ...(fundId ? { fundId } : {}),
        ...(period ? { period } : {}),
      }));
  }
}
