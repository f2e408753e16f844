import type { SqlDatabase, SqlExecutor } from '@fai/event-store';

/** A sweep as it is recorded on every deletion it makes. */
export interface SweepRecord {
  sweepId: string;
  commandId: string;
  actor: string;
  at: Date;
}

/** Why a record past its retention period keeps its content. */
export interface KeptRecord {
  reason: string;
  holdIds?: string[];
  reportId?: string;
  until?: Date;
}

/** What one service's content retention (ingest's artefacts, reporting's outputs) gives a sweep. */
export interface RetentionSubject<Deletion, Kept extends KeptRecord, Summary> {
  /**
   * The decision over every stored record, or, given `only`, over that record alone read in the
   * deletion's transaction: a hold or report recorded since the first decision still keeps it.
   */
  decide(now: Date, only?: { tx: SqlExecutor; id: string }): Promise<{ deletions: Deletion[]; kept: Kept[] }>;
  idOf(deletion: Deletion): string;
  /** The lock holds, policies, reports and deletions of the service serialise on. */
  lock(tx: SqlExecutor): Promise<void>;
  /** Appends the deletion's event and marks the record's content deleted, in `tx`. */
  record(tx: SqlExecutor, deletion: Deletion, sweep: SweepRecord): Promise<void>;
  /** Stored content that no record still keeping its content refers to. */
  unkeptContent(): Promise<string[]>;
  removeContent(sha256: string): Promise<void>;
  /** The record a deletion or keep is about, as the sweep's reply names it. */
  summary(decided: Deletion | Kept): Summary;
}

/** A sweep's reply: what it deleted (or would have, in a dry run) and what it kept, and why. */
export interface SweepReply<Kept extends KeptRecord, Summary> {
  sweepId: string;
  dryRun: boolean;
  at: string;
  deleted: Summary[];
  kept: Array<Summary & Pick<Kept, 'reason' | 'holdIds' | 'reportId'> & { until?: string }>;
}

/**
 * Runs a retention sweep: decides on every stored record at once, then deletes one record's content
 * at a time, each in its own transaction under the retention lock, where it is decided on again. The
 * deletion's event commits before the bytes leave the store, and bytes go only once no record still
 * kept refers to them (stores are content-addressed); a crash in between leaves bytes nothing keeps,
 * which the next sweep removes. A dry run decides and changes nothing.
 */
export async function sweepRetention<Deletion, Kept extends KeptRecord, Summary>(
  db: SqlDatabase,
  subject: RetentionSubject<Deletion, Kept, Summary>,
  sweep: SweepRecord & { dryRun: boolean },
  logger?: { info(message: string, meta: Record<string, unknown>): unknown },
): Promise<SweepReply<Kept, Summary>> {
  const decision = await subject.decide(sweep.at);
  const deleted: Deletion[] = sweep.dryRun ? decision.deletions : [];
  if (!sweep.dryRun) {
    for (const deletion of decision.deletions) {
      const confirmed = await db.transaction(async (tx) => {
        await subject.lock(tx);
        const [again] = (await subject.decide(sweep.at, { tx, id: subject.idOf(deletion) })).deletions;
        if (again) await subject.record(tx, again, sweep);
        return again;
      });
      if (confirmed) deleted.push(confirmed);
    }
    for (const sha256 of await subject.unkeptContent()) await subject.removeContent(sha256);
  }
  const { sweepId, dryRun, actor } = sweep;
  logger?.info('retention sweep', {
    sweepId,
    dryRun,
    actor,
    deleted: deleted.length,
    kept: decision.kept.length,
  });
  return {
    sweepId,
    dryRun,
    at: sweep.at.toISOString(),
    deleted: deleted.map((deletion) => subject.summary(deletion)),
    kept: decision.kept.map((kept) => ({
      ...subject.summary(kept),
      reason: kept.reason,
      ...(kept.holdIds ? { holdIds: kept.holdIds } : {}),
      ...(kept.reportId ? { reportId: kept.reportId } : {}),
      ...(kept.until ? { until: kept.until.toISOString() } : {}),
    })),
  };
}
