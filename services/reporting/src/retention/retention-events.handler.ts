import {
  legalHoldPlacedV1,
  legalHoldReleasedV1,
  sourcePolicySetV1,
  type LegalHoldPlacedV1,
  type LegalHoldReleasedV1,
  type SourcePolicySetV1,
} from '@fai/contracts';
import type { SqlExecutor } from '@fai/event-store';
import type { ConsumedEvent } from '@fai/messaging';
import type { OutputRetentionRepository } from './output-retention.repository';

/**
 * Ingest's source policies and legal holds, kept in reporting's own tables for output retention, in
 * the consumer's transaction and under the retention lock: a sweep deciding after it sees them.
 */
export class RetentionEventsHandler {
  constructor(private readonly retention: OutputRetentionRepository) {}

  async handle(event: ConsumedEvent, tx: SqlExecutor): Promise<void> {
    await this.retention.lock(tx);
    // The decoder validated each event against its contract: its name says which data it carries.
    switch (event.name) {
      case sourcePolicySetV1.name:
        return this.retention.recordSourcePolicy(tx, event.data as SourcePolicySetV1);
      case legalHoldPlacedV1.name:
        return this.retention.recordHoldPlaced(tx, event.data as LegalHoldPlacedV1);
      case legalHoldReleasedV1.name:
        return this.retention.recordHoldReleased(tx, event.data as LegalHoldReleasedV1);
    }
  }
}
