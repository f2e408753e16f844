import {
  artefactIngestedV1,
  artefactMissingV1,
  cycleOpenedV1,
  extractionFailedV1,
  fundApprovedV1,
  reportPublishedV1,
  runExtractionCompletedV1,
  type EventContract,
} from '@fai/contracts';
import type { EventMetadata, SqlExecutor } from '@fai/event-store';
import type { ConsumedEvent } from '@fai/messaging';
import { snapshotOf } from '../fields/snapshot';
import { reviewedFields } from '../fund-review/fund-review';
import { eventData } from '../infrastructure/consumed-events';
import type { ValidationTables } from '../infrastructure/validation-tables';
import type { PolicyRegistryHandler } from '../policies/policy-registry.handler';
import { artefactFacts } from '../run-validation/run-input';

/** Every event validation consumes, in the order its one ordered consumer reads them. */
export const CONSUMED_CONTRACTS: ReadonlyArray<EventContract<unknown>> = [
  cycleOpenedV1,
  artefactIngestedV1,
  artefactMissingV1,
  extractionFailedV1,
  runExtractionCompletedV1,
  fundApprovedV1,
  reportPublishedV1,
] as ReadonlyArray<EventContract<unknown>>;

/**
 * What validation learns from the other services before and after it validates a run: cycles
 * (and their policy pins), the run's artefacts and source problems, approval locks and published
 * snapshots. Each lands in validation's tables in the consumer's transaction.
 */
export class ConsumedFactsHandler {
  constructor(
    private readonly tables: ValidationTables,
    private readonly policies: PolicyRegistryHandler,
  ) {}

  async handle(event: ConsumedEvent, tx: SqlExecutor): Promise<void> {
    const opened = eventData(event, cycleOpenedV1);
    if (opened) return this.policies.cycleOpened(tx, opened, causedBy(event, opened));
    const ingested = eventData(event, artefactIngestedV1);
    if (ingested)
      return this.tables.recordArtefact(tx, {
        artefactId: ingested.artefactId,
        runId: ingested.runId,
        ...(ingested.fundId !== undefined && { fundId: ingested.fundId }),
        documentType: ingested.documentType,
        ...artefactFacts(ingested),
      });
    const missing = eventData(event, artefactMissingV1);
    if (missing)
      return this.tables.recordSourceProblem(
        tx,
        missing.runId,
        missing.fundId,
        `missing:${missing.artefactType}`,
        {
          kind: 'missing_artefact',
          code: 'ARTEFACT_MISSING',
          message: missing.note,
        },
      );
    const failed = eventData(event, extractionFailedV1);
    if (failed) {
      const fundId = await this.tables.fundOfArtefact(tx, failed.artefactId);
      // An artefact of no known fund cannot hold a fund back; ingest's exception covers it.
      if (fundId === undefined) return;
      return this.tables.recordSourceProblem(tx, failed.runId, fundId, `extraction:${failed.artefactId}`, {
        kind: 'extraction_problem',
        code: failed.errorCode,
        message: failed.message,
        artefactSha256: failed.sha256,
      });
    }
    const approved = eventData(event, fundApprovedV1);
    if (approved) return this.tables.lock(tx, approved.runId, approved.fundId, approved.at);
    const published = eventData(event, reportPublishedV1);
    if (published) return this.recordSnapshot(tx, published);
  }

  /** The published run's fields, as reviewers resolved them, become the fund's last approved snapshot. */
  private async recordSnapshot(
    tx: SqlExecutor,
    published: { runId: string; fundId: string; cycleId: string; snapshotId: string; at: string },
  ): Promise<void> {
    const review = await this.tables.fundReview(tx, published.runId, published.fundId);
    if (!review) return;
    const exceptions = await this.tables.exceptionsOfFund(tx, published.runId, published.fundId);
    const snapshot = snapshotOf(reviewedFields(review.fields, exceptions), {
      snapshotId: published.snapshotId,
      fundId: published.fundId,
      cycleId: published.cycleId,
      asOf: review.asOf,
    });
    await this.tables.recordSnapshot(tx, { ...snapshot, runId: published.runId, publishedAt: published.at });
  }
}

function causedBy(event: ConsumedEvent, data: { portfolioId: string; cycleId: string }): EventMetadata {
  return {
    correlationId: event.correlationid,
    causationId: event.id,
    portfolioId: data.portfolioId,
    cycleId: data.cycleId,
  };
}
