import type { OutputRetentionSweepReply, RunOutputRetentionSweepRequest } from '@fai/contracts';
import type { SqlDatabase } from '@fai/event-store';
import type { ConsumerLogger } from '@fai/messaging';
import { v5 as uuidv5 } from 'uuid';
import type { OutputStore } from '../infrastructure/output-store';
import type { ReportingEvents } from '../infrastructure/reporting-events';
import {
  decideOutputRetention,
  outputContentDeletedEvent,
  type OutputDeletion,
  type OutputKept,
  type RetainedOutput,
} from './output-retention';
import type { OutputRetentionRepository } from './output-retention.repository';

const SWEEP_NAMESPACE = '8b4e2f6a-1c9d-4a37-b5e0-6d2f8a1c3e79';

export function outputStreamId(outputId: string): string {
  return `output-${outputId}`;
}

/**
 * Runs an output retention sweep: decides on every stored output at once, then deletes one output at
 * a time, each in its own transaction under the retention lock, where it is decided on again so that
 * a hold or policy recorded since still keeps it. The ReportOutputContentDeleted event commits before
 * the bytes leave the store, and bytes go only once no output still kept has them (content-addressed:
 * identical files are one); a crash in between leaves bytes no output keeps, which the next sweep removes.
 */
export class OutputRetentionSweepService {
  constructor(
    private readonly db: SqlDatabase,
    private readonly events: ReportingEvents,
    private readonly retention: OutputRetentionRepository,
    private readonly outputs: OutputStore,
    private readonly logger?: Pick<ConsumerLogger, 'info'>,
  ) {}

  async sweep(request: RunOutputRetentionSweepRequest, now = new Date()): Promise<OutputRetentionSweepReply> {
    const { commandId, actor, dryRun } = request;
    const sweepId = `output-sweep-${uuidv5(commandId, SWEEP_NAMESPACE)}`;
    const decision = decideOutputRetention(await this.retention.facts(), now);
    const deleted: RetainedOutput[] = [];
    if (dryRun) deleted.push(...decision.deletions.map(({ output }) => output));
    else {
      for (const deletion of decision.deletions)
        if (await this.delete(deletion, { sweepId, actor, at: now, commandId }))
          deleted.push(deletion.output);
      for (const sha256 of await this.retention.unkeptContent()) await this.outputs.remove(sha256);
    }
    this.logger?.info('output retention sweep', {
      sweepId,
      dryRun,
      actor,
      deleted: deleted.length,
      kept: decision.kept.length,
    });
    return {
      sweepId,
      dryRun,
      at: now.toISOString(),
      deleted: deleted.map(swept),
      kept: decision.kept.map(keptReply),
    };
  }

  /** Deletes one output's content unless, decided on again under the lock, it is no longer due. */
  private async delete(
    deletion: OutputDeletion,
    sweep: { sweepId: string; actor: string; at: Date; commandId: string },
  ): Promise<boolean> {
    const { outputId } = deletion.output;
    return this.db.transaction(async (tx) => {
      await this.retention.lock(tx);
      const confirmed = decideOutputRetention(await this.retention.facts(tx, outputId), sweep.at)
        .deletions[0];
      if (!confirmed) return false;
      await this.events.append(
        tx,
        outputStreamId(outputId),
        [{ type: 'ReportOutputContentDeleted', data: outputContentDeletedEvent(confirmed, sweep) }],
        { correlationId: sweep.commandId, actor: sweep.actor, idSeed: sweep.sweepId },
      );
      await this.retention.markContentDeleted(tx, outputId, sweep.at);
      return true;
    });
  }
}

function swept({ outputId, kind, portfolioId, sha256 }: RetainedOutput) {
  return { outputId, kind, portfolioId, sha256 };
}

function keptReply({ output, reason, holdIds, reportId, until }: OutputKept) {
  return {
    ...swept(output),
    reason,
    ...(holdIds ? { holdIds } : {}),
    ...(reportId ? { reportId } : {}),
    ...(until ? { until: until.toISOString() } : {}),
  };
}
