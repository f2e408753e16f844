import {
  PublicationNotApprovedError,
  reportPublishedV1,
  type PublishFundReply,
  type PublishFundRequest,
  type PublishedFileKind,
} from '@fai/contracts';
import { StreamVersionConflictError, type SqlDatabase } from '@fai/event-store';
import { openZipArchive } from '@fai/safe-archive';
import { canonicalDigest } from '../kpi/canonical-digest';
import type { OutputStore, StoredOutput } from '../infrastructure/output-store';
import type { ReportingRepository } from '../infrastructure/reporting.repository';
import type { ReportingEvents } from '../infrastructure/reporting-events';
import type { MemoInput } from '../memo/memo-input';
import { renderMemo } from '../memo/memo-renderer';
import { artefactPath } from '../pack/evidence-manifest';
import { buildEvidencePack } from '../pack/evidence-pack';
import { PackInvalidError } from '../pack/pack-verify';
import type { ApprovalStamp } from '../memo/memo-view';
import { decidePublication, publicationRefusedAlert, type LatestDraft } from './publication';

export interface PublishFundDeps {
  db: SqlDatabase;
  repository: ReportingRepository;
  events: ReportingEvents;
  outputs: OutputStore;
  clock: () => Date;
  /** The subject downstream systems read ReportPublished from: recorded as each file's export channel. */
  publishedSubject: string;
}

const PUBLISHED_KINDS: readonly PublishedFileKind[] = ['memo_html', 'memo_pdf', 'evidence_pack'];

export function publicationStreamId(cycleId: string, fundId: string): string {
  return `reporting-publication-${cycleId}-${fundId}`;
}

/**
 * publish-fund: refuses what is not publishable (raising an operator alert for an unapproved
 * fund), otherwise renders the final memo with its approval stamp from the draft's stored memo
 * input and the artefacts of its stored pack (the locked inputs), registers the outputs, logs the
 * distribution and appends ReportPublished, once per fund and cycle.
 */
export class PublishFundHandler {
  constructor(private readonly deps: PublishFundDeps) {}

  async publish(request: PublishFundRequest, correlationId: string): Promise<PublishFundReply> {
    const { repository } = this.deps;
    const state = await repository.publicationState(this.deps.db, request.cycleId, request.fundId);
    let decision;
    try {
      decision = decidePublication(request, state);
    } catch (error) {
      if (error instanceof PublicationNotApprovedError && state.latestDraft)
        await this.raiseAlert(request, error, state.latestDraft.portfolioId, correlationId);
      throw error;
    }
    if (decision.kind === 'replay') return decision.reply;
    const { draft, stamp, reportId } = decision;
    const final = await this.renderFinal(draft, stamp, reportId);
    const reply: PublishFundReply = {
      reportId,
      files: PUBLISHED_KINDS.map((kind) => ({ kind, ...final.files[kind] })),
    };
    const now = this.deps.clock();
    const run = { portfolioId: draft.portfolioId, cycleId: request.cycleId, runId: draft.runId };
    await this.deps.db.transaction(async (tx) => {
      await repository.lock(tx, `fund:${request.cycleId}:${request.fundId}`);
      // A concurrent publish of the same fund may have committed meanwhile: decide again under the lock.
      const again = decidePublication(
        request,
        await repository.publicationState(tx, request.cycleId, request.fundId),
      );
      if (again.kind === 'replay') return;
      await repository.insertOutputs(
        tx,
        PUBLISHED_KINDS.map((kind) => ({
          ...final.files[kind],
          kind,
          memoId: draft.memoId,
          reportId,
          run,
          fundId: request.fundId,
          generatedAt: now,
          templateVersion: final.templateVersion,
          approvalStamp: stamp,
        })),
      );
      await repository.insertPublication(tx, {
        reportId,
        cycleId: request.cycleId,
        fundId: request.fundId,
        memoId: draft.memoId,
        commandId: request.commandId,
        reply,
        publishedBy: request.actor,
        publishedAt: now,
        channel: `event:${this.deps.publishedSubject}`,
      });
      await this.deps.events.append(
        tx,
        publicationStreamId(request.cycleId, request.fundId),
        [
          {
            type: reportPublishedV1.name,
            data: {
              ...run,
              fundId: request.fundId,
              reportId,
              memoId: draft.memoId,
              packId: final.packId,
              snapshotId: draft.inputSha256,
              approvedBy: stamp.approvedBy,
              submittedBy: stamp.submittedBy,
              files: reply.files,
              at: now.toISOString(),
            },
          },
        ],
        { correlationId, causationId: request.commandId, actor: request.actor, idSeed: request.commandId },
        'no_stream',
      );
    });
    return reply;
  }

  private async renderFinal(draft: LatestDraft, stamp: ApprovalStamp, reportId: string) {
    const { outputs } = this.deps;
    const input = JSON.parse((await outputs.get(draft.inputSha256)).toString('utf8')) as MemoInput;
    const draftPack = await openZipArchive(await outputs.get(draft.packSha256), {
      limitExceeded: (reason, entry) => new PackInvalidError(reason, { entry }),
      unreadable: (reason) => new PackInvalidError(`the draft pack is unreadable (${reason})`),
    });
    try {
      const rendered = await renderMemo(input, stamp);
      const pack = await buildEvidencePack({
        packId: `pack-${canonicalDigest(['pack', draft.memoId, 'final', reportId]).slice(0, 24)}`,
        memoId: draft.memoId,
        input,
        rendered,
        approval: stamp,
        artefact: async (sha256) => {
          const bytes = await draftPack.read(artefactPath(sha256));
          if (!bytes) throw new PackInvalidError(`the draft pack lacks artefact ${sha256}`, { sha256 });
          return bytes;
        },
      });
      return {
        templateVersion: input.templateVersion,
        packId: pack.manifest.packId,
        files: {
          memo_html: await outputs.put(rendered.html),
          memo_pdf: await outputs.put(rendered.pdf),
          evidence_pack: await outputs.put(pack.archive),
        } satisfies Record<PublishedFileKind, StoredOutput>,
      };
    } finally {
      draftPack.close();
    }
  }

  private async raiseAlert(
    request: PublishFundRequest,
    refusal: PublicationNotApprovedError,
    portfolioId: string,
    correlationId: string,
  ): Promise<void> {
    const alert = publicationRefusedAlert(request, refusal, portfolioId);
    try {
      await this.deps.db.transaction((tx) =>
        this.deps.events.append(
          tx,
          `operator-alert-${alert.alertId}`,
          [{ type: 'OperatorAlertRaised', data: alert }],
          { correlationId, causationId: request.commandId, actor: request.actor, idSeed: request.commandId },
          'no_stream',
        ),
      );
    } catch (error) {
      // The same refused command again: its alert is already raised.
      if (!(error instanceof StreamVersionConflictError)) throw error;
    }
  }
}
