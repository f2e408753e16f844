import type { ReportPublishedV1 } from '@fai/contracts';
import type { SqlExecutor } from '@fai/event-store';
import type { ConsumedEvent } from '@fai/messaging';
import type { IngestRepository } from '../infrastructure/ingest.repository';
import { reportDependencies } from './retention';
import type { RetentionRepository } from './retention.repository';

/**
 * Records each published report (reporting's ReportPublished) with the artefacts it depends on, in
 * the consumer's transaction and under the retention lock: from then on, no sweep deletes them before
 * the report's defensibility period ends.
 */
export class PublishedReportsRecorder {
  constructor(
    private readonly repository: IngestRepository,
    private readonly retention: RetentionRepository,
  ) {}

  async apply(event: ConsumedEvent, tx: SqlExecutor): Promise<void> {
    if (event.name !== 'ReportPublished') return;
    const report = event.data as ReportPublishedV1;
    await this.retention.lock(tx);
    const artefactIds =
      reportDependencies(report, await this.repository.findInventory(report.runId, tx)) ??
      (await this.retention.fundArtefactsUpTo(tx, report.portfolioId, report.fundId, report.at));
    await this.retention.recordPublishedReport(tx, {
      reportId: report.reportId,
      portfolioId: report.portfolioId,
      runId: report.runId,
      fundId: report.fundId,
      publishedAt: report.at,
      artefactIds,
    });
  }
}
