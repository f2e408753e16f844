import type { EventStore, SqlExecutor } from '@fai/event-store';
import { fold } from '@fai/decider';
import type { IngestRepository } from '../infrastructure/ingest.repository';
import { newEvents, type Causation } from '../infrastructure/new-events';
import {
  inventoryDecider,
  inventoryReport,
  inventoryStreamId,
  type InventoryCommand,
  type InventoryEvent,
  type InventoryState,
} from './inventory.decider';

/**
 * Runs inventory commands against `inventory-<runId>`: folds the stream, decides, appends at the
 * version it read (a concurrent writer makes the append fail, and the caller's transaction retries),
 * and refreshes the run's inventory read model in the same transaction.
 */
export class InventoryLedger {
  constructor(
    private readonly store: EventStore,
    private readonly repository: IngestRepository,
  ) {}

  /** `tx`: read in the caller's transaction (on the embedded PGlite a read outside it would wait for it). */
  async load(
    runId: string,
    tx?: SqlExecutor,
  ): Promise<{ state: InventoryState; version: number | undefined }> {
    const recorded = await this.store.readStream(inventoryStreamId(runId), { tx });
    const events = recorded.map((event) => ({ type: event.type, data: event.data }) as InventoryEvent);
    return { state: fold(inventoryDecider, events), version: recorded.at(-1)?.streamVersion };
  }

  async execute(tx: SqlExecutor, command: InventoryCommand, cause: Causation): Promise<InventoryEvent[]> {
    const { runId } = command.data;
    const { state, version } = await this.load(runId, tx);
    const decided = inventoryDecider.decide(command, state);
    if (decided.length === 0) return decided;
    const streamId = inventoryStreamId(runId);
    await this.store.append(streamId, newEvents(streamId, decided, cause), {
      expectedVersion: version ?? 'no_stream',
      tx,
    });
    const report = inventoryReport(decided.reduce(inventoryDecider.evolve, state));
    if (report) await this.repository.saveInventory(tx, report);
    return decided;
  }
}
