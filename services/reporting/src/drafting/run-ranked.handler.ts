import type { ExceptionsRankedV1 } from '@fai/contracts';
import type { SqlExecutor } from '@fai/event-store';
import type { ConsumedEvent } from '@fai/messaging';
import type { OutputStore, StoredOutput } from '../infrastructure/output-store';
import type { ReportingRepository } from '../infrastructure/reporting.repository';
import type { MemoInput } from '../memo/memo-input';
import { portfolioSummaryView, renderPortfolioSummary } from '../memo/portfolio-summary';
import type { ReportRuns } from './report-run.service';
import type { ReviewSource } from './review-source';

export interface RunRankedDeps {
  runs: ReportRuns;
  reviews: Pick<ReviewSource, 'exceptionQueue'>;
  repository: ReportingRepository;
  outputs: OutputStore;
  executor: SqlExecutor;
  templateVersion: string;
  clock: () => Date;
}

/**
 * ExceptionsRanked: every fund ready before it is drafted (the consumer is ordered), so the run's
 * portfolio exception summary is rendered from their stored memo inputs, with the funds validation
 * held back from the run's exception queue, and registered; the run's report stage may complete.
 */
export class RunRankedHandler {
  constructor(private readonly deps: RunRankedDeps) {}

  async prepare(event: ConsumedEvent<ExceptionsRankedV1>): Promise<StoredOutput> {
    const { outputs, repository, executor, templateVersion, reviews } = this.deps;
    const inputs: MemoInput[] = [];
    for (const sha256 of await repository.runDraftInputs(executor, event.data.runId))
      inputs.push(JSON.parse((await outputs.get(sha256)).toString('utf8')) as MemoInput);
    // Held back: funds with exceptions that validation never sent to report (a fund it did send whose
    // draft failed is not held back, and its exceptions are its own memo's business).
    const awaited = new Set((await repository.runState(executor, event.data.runId))?.awaited ?? []);
    const queue = (await reviews.exceptionQueue(event.data.runId, event.correlationid)).filter(
      (item) => !awaited.has(item.fundId),
    );
    return outputs.put(
      renderPortfolioSummary(portfolioSummaryView(event.data, inputs, queue, templateVersion)),
    );
  }

  async handle(
    event: ConsumedEvent<ExceptionsRankedV1>,
    tx: SqlExecutor,
    summary: StoredOutput,
  ): Promise<void> {
    const { portfolioId, cycleId, runId } = event.data;
    const run = { portfolioId, cycleId, runId };
    const now = this.deps.clock();
    await this.deps.repository.insertOutputs(tx, [
      {
        ...summary,
        kind: 'portfolio_summary',
        memoId: null,
        reportId: null,
        run,
        fundId: null,
        generatedAt: now,
        templateVersion: this.deps.templateVersion,
        approvalStamp: null,
      },
    ]);
    await this.deps.runs.apply(
      tx,
      run,
      { type: 'RecordRunRanked', data: { run }, metadata: { now } },
      {
        correlationId: event.correlationid,
        causationId: event.id,
        actor: 'system:reporting',
        idSeed: event.id,
      },
    );
  }
}
