import type { RunStartedV1 } from '@fai/contracts';
import { ident, type SqlExecutor } from '@fai/event-store';
import type { KnownRun } from '../fund-workflow/fund-workflow.decider';

/** Where a run's start was learnt from: the scheduler's RunStarted, with the envelope's actor. */
export interface RunStart {
  data: RunStartedV1;
  /** The CloudEvent's `actor`: whoever made the scheduler start the run. */
  actor?: string;
}

/**
 * The run's operator: the actor the scheduler wrote in the event's metadata (the person who opened
 * the cycle or started the rerun, or the scheduler's clock); without it, the operator the cause names.
 */
export function runOperator({ data, actor }: RunStart): string {
  return actor ?? (data.cause.kind === 'operator' ? data.cause.actor : `scheduler:${data.cause.kind}`);
}

/**
 * The runs of every cycle as the scheduler started them: separation of duties needs each run's
 * operator, and a later run of a cycle supersedes earlier drafts. Written by the consumer of
 * RunStarted in its processed-events transaction: it comes from the scheduler's events, not from
 * approval's log, so it is no projection.
 */
export class KnownRuns {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${ident(schema)}.known_run`;
  }

  async record(tx: SqlExecutor, start: RunStart): Promise<void> {
    const { cycleId, runId, runNumber, at } = start.data;
    await tx.query(
      `INSERT INTO ${this.table} (run_id, cycle_id, run_number, operator, started_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (run_id) DO NOTHING`,
      [runId, cycleId, runNumber, runOperator(start), at],
    );
  }

  async ofCycle(db: SqlExecutor, cycleId: string): Promise<KnownRun[]> {
    const { rows } = await db.query<{ run_id: string; run_number: number; operator: string }>(
      `SELECT run_id, run_number, operator FROM ${this.table} WHERE cycle_id = $1 ORDER BY run_number`,
      [cycleId],
    );
    return rows.map((row) => ({ runId: row.run_id, runNumber: row.run_number, operator: row.operator }));
  }
}
