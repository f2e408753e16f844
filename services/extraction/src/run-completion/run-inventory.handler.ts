import {
  artefactIngestedV1,
  inventoryArtefactReceivedV1,
  inventoryCompletedV1,
  UNRECOGNISED_DOCUMENT,
} from '@fai/contracts';
import type { SqlExecutor } from '@fai/event-store';
import type { ConsumedEvent } from '@fai/messaging';
import { eventData } from '../infrastructure/consumed-events';
import type { RunProgressRepository } from '../infrastructure/run-progress.repository';
import type { RunCompletion } from './run-completion.service';

/**
 * Learns each run's inventory from ingest, in the order ingest wrote it (an ordered consumer):
 * every artefact a run received is known before ingest's InventoryCompleted for that run is
 * handled, so the stage cannot end while an artefact of the run is still unknown here.
 * Unrecognised artefacts are left out: there is nothing to extract from them, and ingest has
 * raised them as exceptions already.
 */
export class RunInventoryHandler {
  constructor(
    private readonly runs: RunProgressRepository,
    private readonly completion: RunCompletion,
    private readonly clock: () => Date,
  ) {}

  async handle(event: ConsumedEvent, tx: SqlExecutor): Promise<void> {
    const ingested = eventData(event, artefactIngestedV1);
    if (ingested) {
      if (ingested.documentType !== UNRECOGNISED_DOCUMENT)
        await this.runs.addArtefact(tx, ingested, ingested.artefactId);
      return;
    }
    const received = eventData(event, inventoryArtefactReceivedV1);
    if (received) {
      if (received.assessment !== 'unrecognised')
        await this.runs.addArtefact(tx, received, received.artefactId);
      return;
    }
    const completed = eventData(event, inventoryCompletedV1);
    if (completed) {
      await this.runs.completeInventory(tx, completed);
      await this.completion.settle(
        tx,
        [completed.runId],
        {
          correlationId: event.correlationid,
          causationId: event.id,
          ...(event.tenantid && { tenantId: event.tenantid }),
        },
        this.clock(),
      );
    }
  }
}
