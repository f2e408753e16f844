import type { EventMetadata, EventStore, SqlExecutor } from '@fai/event-store';
import { lockKey } from '../infrastructure/extraction-tables';
import type { RunProgressRepository } from '../infrastructure/run-progress.repository';
import { runExtractionStatus, runOutcomeEvent, runOutcomeEventId, runStreamId } from './run-completion';

/** The event whose handling ended the stage. */
export type RunEventCause = Pick<EventMetadata, 'correlationId' | 'causationId' | 'tenantId'>;

/**
 * Ends a run's extract stage once: with RunExtractionCompleted when every artefact of its closed
 * inventory has an outcome, or ExtractionStageFailed. Called wherever the status can change (an
 * artefact's outcome, ingest closing the inventory), inside that change's transaction.
 *
 * Two transactions can each make the last change (the last artefact extracted, the inventory
 * closed) without seeing the other's uncommitted write. The per-run lock orders them: the second
 * waits for the first to commit and then reads both changes, so one of them always ends the stage.
 */
export class RunCompletion {
  constructor(
    private readonly store: EventStore,
    private readonly runs: RunProgressRepository,
  ) {}

  async settle(tx: SqlExecutor, runIds: readonly string[], cause: RunEventCause, now: Date): Promise<void> {
    // Locks in one order everywhere, so two transactions settling the same runs cannot deadlock.
    for (const runId of [...runIds].sort()) {
      await lockKey(tx, `run:${runId}`);
      const progress = await this.runs.progress(tx, runId);
      if (!progress || progress.outcome) continue;
      const event = runOutcomeEvent(
        progress.run,
        runExtractionStatus(progress.inventoryComplete, progress.artefacts),
        now.toISOString(),
      );
      if (!event) continue;
      await this.store.append(
        runStreamId(runId),
        [
          {
            eventId: runOutcomeEventId(runId),
            type: event.type,
            schemaVersion: 1,
            data: event.data,
            metadata: {
              correlationId: cause.correlationId,
              causationId: cause.causationId,
              ...(cause.tenantId && { tenantId: cause.tenantId }),
              portfolioId: progress.run.portfolioId,
              cycleId: progress.run.cycleId,
              runId,
            },
          },
        ],
        { expectedVersion: 'no_stream', tx },
      );
      await this.runs.recordOutcome(
        tx,
        runId,
        event.type === 'RunExtractionCompleted' ? 'completed' : 'failed',
      );
    }
  }
}
