import type { ArtefactStore } from '@fai/artefact-store';
import { FaiError, type FundReadyForReportV1 } from '@fai/contracts';
import type { SqlExecutor } from '@fai/event-store';
import type { ConsumedEvent, ConsumerLogger } from '@fai/messaging';
import { canonicalDigest } from '../kpi/canonical-digest';
import type { LoadedKpiConfig } from '../kpi/kpi-config';
import { readAll, type OutputStore, type StoredOutput } from '../infrastructure/output-store';
import type { OutputKind, ReportingRepository } from '../infrastructure/reporting.repository';
import type { ReportingEvents } from '../infrastructure/reporting-events';
import { buildMemoInput, memoInputBytes } from '../memo/memo-input';
import { renderMemo } from '../memo/memo-renderer';
import { buildEvidencePack } from '../pack/evidence-pack';
import type { RunRef } from './report-run.decider';
import type { ReportRuns } from './report-run.service';
import type { ReviewSource } from './review-source';

/** Failures a retry can cure: the other service did not answer, or a store did not. Everything else fails the draft. */
const TRANSIENT_CODES = new Set(['COMMAND_TIMEOUT', 'COMMAND_UNAVAILABLE', 'STORE_UNAVAILABLE']);

type MemoOutputKind = Exclude<OutputKind, 'portfolio_summary'>;

export interface BuiltDraft {
  memoId: string;
  packId: string;
  templateVersion: string;
  figures: number;
  evidenceCoverage: string;
  manifestSha256: string;
  files: Record<MemoOutputKind, StoredOutput>;
}

export type PreparedDraft =
  { kind: 'built'; draft: BuiltDraft } | { kind: 'failed'; error: FaiError } | { kind: 'known' };

export interface DraftFundDeps {
  repository: ReportingRepository;
  runs: ReportRuns;
  events: ReportingEvents;
  reviews: ReviewSource;
  /** Ingest's artefact store, read only: the evidence pack carries the artefacts its claims cite. */
  artefacts: ArtefactStore;
  outputs: OutputStore;
  kpiConfig: LoadedKpiConfig;
  templateVersion: string;
  executor: SqlExecutor;
  clock: () => Date;
  logger?: Pick<ConsumerLogger, 'warn'>;
}

export function memoIdOf(run: RunRef, fundId: string): string {
  return `memo-${canonicalDigest(['memo', run.cycleId, run.runId, fundId]).slice(0, 24)}`;
}

export function memoStreamId(memoId: string): string {
  return `reporting-memo-${memoId}`;
}

/**
 * FundReadyForReport → the fund's draft: its review and claims are fetched, the memo input built
 * and stored, the memo rendered and the evidence pack built, all before the transaction (slow, and
 * content-addressed so a retry stores nothing twice); the transaction then registers the outputs
 * and appends MemoDrafted and EvidencePackBuilt, and moves the run's report stage on.
 */
export class DraftFundHandler {
  constructor(private readonly deps: DraftFundDeps) {}

  async prepare(event: ConsumedEvent<FundReadyForReportV1>): Promise<PreparedDraft> {
    const ready = event.data;
    const memoId = memoIdOf(ready, ready.fundId);
    if (await this.deps.repository.hasDraft(this.deps.executor, memoId)) return { kind: 'known' };
    try {
      return { kind: 'built', draft: await this.build(ready, memoId, event.correlationid) };
    } catch (error) {
      if (!(error instanceof FaiError) || TRANSIENT_CODES.has(error.code)) throw error;
      this.deps.logger?.warn('draft not built', { fundId: ready.fundId, runId: ready.runId, error });
      return { kind: 'failed', error };
    }
  }

  async handle(
    event: ConsumedEvent<FundReadyForReportV1>,
    tx: SqlExecutor,
    prepared: PreparedDraft,
  ): Promise<void> {
    const ready = event.data;
    const run = { portfolioId: ready.portfolioId, cycleId: ready.cycleId, runId: ready.runId };
    const now = this.deps.clock();
    const cause = {
      correlationId: event.correlationid,
      causationId: event.id,
      actor: 'system:reporting',
      idSeed: event.id,
    };
    await this.deps.runs.apply(
      tx,
      run,
      { type: 'RecordFundReady', data: { run, fundId: ready.fundId }, metadata: { now } },
      cause,
    );
    if (prepared.kind === 'failed') {
      const { code, message, hint } = prepared.error;
      await this.deps.runs.apply(
        tx,
        run,
        {
          type: 'RecordDraftFailure',
          data: { run, fundId: ready.fundId, errorCode: code, message, hint },
          metadata: { now },
        },
        cause,
      );
      return;
    }
    if (prepared.kind === 'built') await this.record(tx, run, ready.fundId, prepared.draft, now, cause);
    await this.deps.runs.apply(
      tx,
      run,
      { type: 'RecordFundDrafted', data: { run, fundId: ready.fundId }, metadata: { now } },
      cause,
    );
  }

  private async build(
    ready: FundReadyForReportV1,
    memoId: string,
    correlationId: string,
  ): Promise<BuiltDraft> {
    const sources = await this.deps.reviews.fundSources(
      { cycleId: ready.cycleId, runId: ready.runId, fundId: ready.fundId },
      correlationId,
    );
    const input = buildMemoInput({
      ...sources,
      templateVersion: this.deps.templateVersion,
      kpiConfig: this.deps.kpiConfig,
    });
    const rendered = await renderMemo(input);
    const packId = `pack-${canonicalDigest(['pack', memoId, 'draft']).slice(0, 24)}`;
    const pack = await buildEvidencePack({
      packId,
      memoId,
      input,
      rendered,
      approval: null,
      artefact: (sha256) => readAll(this.deps.artefacts.get(sha256)),
    });
    const { outputs } = this.deps;
    return {
      memoId,
      packId,
      templateVersion: input.templateVersion,
      figures: rendered.figures.length,
      evidenceCoverage: rendered.evidenceCoverage,
      manifestSha256: pack.manifestSha256,
      files: {
        memo_input: await outputs.put(memoInputBytes(input)),
        memo_html: await outputs.put(rendered.html),
        memo_pdf: await outputs.put(rendered.pdf),
        evidence_pack: await outputs.put(pack.archive),
      },
    };
  }

  private async record(
    tx: SqlExecutor,
    run: RunRef,
    fundId: string,
    draft: BuiltDraft,
    now: Date,
    cause: Parameters<ReportingEvents['append']>[3],
  ): Promise<void> {
    const { repository } = this.deps;
    await repository.lock(tx, `fund:${run.cycleId}:${fundId}`);
    const version = await repository.nextDraftVersion(tx, run.cycleId, fundId);
    const { files } = draft;
    await repository.insertDraft(tx, {
      memoId: draft.memoId,
      run,
      fundId,
      version,
      templateVersion: draft.templateVersion,
      inputSha256: files.memo_input.sha256,
      htmlSha256: files.memo_html.sha256,
      pdfSha256: files.memo_pdf.sha256,
      packId: draft.packId,
      packSha256: files.evidence_pack.sha256,
      manifestSha256: draft.manifestSha256,
      evidenceCoverage: draft.evidenceCoverage,
      figures: draft.figures,
      draftedAt: now,
    });
    await repository.insertOutputs(
      tx,
      (Object.keys(files) as MemoOutputKind[]).map((kind) => ({
        ...files[kind],
        kind,
        memoId: draft.memoId,
        reportId: null,
        run,
        fundId,
        generatedAt: now,
        templateVersion: draft.templateVersion,
        approvalStamp: null,
      })),
    );
    const at = now.toISOString();
    await this.deps.events.append(
      tx,
      memoStreamId(draft.memoId),
      [
        {
          type: 'MemoDrafted',
          data: {
            ...run,
            fundId,
            memoId: draft.memoId,
            version,
            templateVersion: draft.templateVersion,
            htmlSha256: files.memo_html.sha256,
            pdfSha256: files.memo_pdf.sha256,
            figures: draft.figures,
            at,
          },
        },
        {
          type: 'EvidencePackBuilt',
          data: {
            ...run,
            fundId,
            memoId: draft.memoId,
            packId: draft.packId,
            manifestSha256: draft.manifestSha256,
            archiveSha256: files.evidence_pack.sha256,
            evidenceCoverage: draft.evidenceCoverage,
            at,
          },
        },
      ],
      cause,
      'no_stream',
    );
  }
}
