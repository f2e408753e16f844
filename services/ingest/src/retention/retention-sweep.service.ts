import type { ArtefactStore } from '@fai/artefact-store';
import type { RetentionSweepReply, RunRetentionSweepRequest } from '@fai/contracts';
import type { EventStore, SqlDatabase } from '@fai/event-store';
import { v5 as uuidv5 } from 'uuid';
import type { Logger } from 'winston';
import { newEvents } from '../infrastructure/new-events';
import {
  contentDeletedEvent,
  decideRetentionSweep,
  type RetainedArtefact,
  type RetentionDeletion,
  type RetentionKept,
} from './retention';
import type { RetentionRepository } from './retention.repository';

const SWEEP_NAMESPACE = 'c2d8e4a1-5f3b-4e7c-9a06-1b8d2f5e7c93';

/**
 * Runs a retention sweep: decides on every stored artefact at once, then deletes one artefact at a
 * time, each in its own transaction under the retention lock, where it is decided on again so that a
 * hold or report recorded since still keeps it. The ArtefactContentDeleted event commits before the
 * bytes leave the store: a crash in between leaves bytes no artefact keeps, which the next sweep removes.
 */
export class RetentionSweepService {
  constructor(
    private readonly db: SqlDatabase,
    private readonly events: EventStore,
    private readonly retention: RetentionRepository,
    private readonly artefacts: ArtefactStore,
    private readonly logger: Logger,
  ) {}

  async sweep(request: RunRetentionSweepRequest, now = new Date()): Promise<RetentionSweepReply> {
    const { commandId, actor, dryRun } = request;
    const sweepId = `sweep-${uuidv5(commandId, SWEEP_NAMESPACE)}`;
    const decision = decideRetentionSweep(await this.retention.facts(), now);
    const deleted: RetainedArtefact[] = [];
    if (dryRun) deleted.push(...decision.deletions.map(({ artefact }) => artefact));
    else {
      for (const deletion of decision.deletions)
        if (await this.delete(deletion, { sweepId, actor, at: now, commandId }))
          deleted.push(deletion.artefact);
      for (const sha256 of await this.retention.unkeptContent()) await this.artefacts.remove(sha256);
    }
    this.logger.info('retention sweep', {
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

  /** Deletes one artefact's content unless, decided on again under the lock, it is no longer due. */
  private async delete(
    deletion: RetentionDeletion,
    sweep: { sweepId: string; actor: string; at: Date; commandId: string },
  ): Promise<boolean> {
    const { artefactId } = deletion.artefact;
    const streamId = `artefact-${artefactId}`;
    return this.db.transaction(async (tx) => {
      await this.retention.lock(tx);
      const again = decideRetentionSweep(await this.retention.facts(tx, artefactId), sweep.at);
      const confirmed = again.deletions[0];
      if (!confirmed) return false;
      const event = { type: 'ArtefactContentDeleted', data: contentDeletedEvent(confirmed, sweep) };
      const cause = { key: sweep.commandId, correlationId: sweep.commandId, actor: sweep.actor };
      await this.events.append(streamId, newEvents(streamId, [event], cause), { expectedVersion: 'any', tx });
      await this.retention.markContentDeleted(tx, artefactId, sweep.at);
      return true;
    });
  }
}

function swept({ artefactId, portfolioId, sha256, documentType }: RetainedArtefact) {
  return { artefactId, portfolioId, sha256, documentType };
}

function keptReply({ artefact, reason, holdIds, reportId, until }: RetentionKept) {
  return {
    ...swept(artefact),
    reason,
    ...(holdIds ? { holdIds } : {}),
    ...(reportId ? { reportId } : {}),
    ...(until ? { until: until.toISOString() } : {}),
  };
}
