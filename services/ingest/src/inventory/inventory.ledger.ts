import type { EventStore, SqlExecutor } from '@fai/event-store';
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

/** Runs whose folded inventory a ledger keeps, most recently used first out last. */
const FOLDED_RUNS = 32;

interface Folded {
  state: InventoryState;
  version: number;
  eventId: string;
}

/**
 * Runs inventory commands against `inventory-<runId>`: folds the stream, decides, appends at the
 * version it read (a concurrent writer makes the append fail, and the caller's transaction retries),
 * and refreshes the run's inventory read model in the same transaction.
 *
 * A run's inventory takes one event per artefact: folding the whole stream for every upload made a
 * run of thousands of artefacts quadratic. The ledger keeps the state it last folded per run and reads
 * only the stream from that state's last event on: when that event is no longer the one it folded (a
 * transaction that rolled back), it folds the whole stream again.
 */
export class InventoryLedger {
  private readonly folded = new Map<string, Folded>();

  constructor(
    private readonly store: EventStore,
    private readonly repository: IngestRepository,
  ) {}

  /** `tx`: read in the caller's transaction (on the embedded PGlite a read outside it would wait for it). */
  async load(
    runId: string,
    tx?: SqlExecutor,
  ): Promise<{ state: InventoryState; version: number | undefined }> {
    const streamId = inventoryStreamId(runId);
    const known = this.folded.get(runId);
    const tail = known ? await this.store.readStream(streamId, { tx, fromVersion: known.version }) : [];
    const resumes = known !== undefined && tail[0]?.eventId === known.eventId;
    const recorded = resumes ? tail.slice(1) : await this.store.readStream(streamId, { tx });
    const state = recorded
      .map((event) => ({ type: event.type, data: event.data }) as InventoryEvent)
      .reduce(inventoryDecider.evolve, resumes ? known.state : inventoryDecider.initialState());
    const last = recorded.at(-1);
    if (last) this.remember(runId, { state, version: last.streamVersion, eventId: last.eventId });
    return { state, version: last?.streamVersion ?? (resumes ? known.version : undefined) };
  }

  private remember(runId: string, folded: Folded): void {
    this.folded.delete(runId);
    this.folded.set(runId, folded);
    if (this.folded.size > FOLDED_RUNS) this.folded.delete(this.folded.keys().next().value!);
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
