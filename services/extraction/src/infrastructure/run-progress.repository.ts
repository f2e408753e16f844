import type { SqlExecutor } from '@fai/event-store';
import type { RunArtefact, RunRef } from '../run-completion/run-completion';
import type { ExtractionTables } from './extraction-tables';

export interface RunProgress {
  run: RunRef;
  inventoryComplete: boolean;
  /** Set once the run's extract stage ended. */
  outcome?: 'completed' | 'failed';
  artefacts: RunArtefact[];
}

/** Which artefacts each run's inventory holds, whether ingest closed it, and the stage's outcome. */
export class RunProgressRepository {
  constructor(private readonly tables: ExtractionTables) {}

  async addArtefact(tx: SqlExecutor, run: RunRef, artefactId: string): Promise<void> {
    await this.ensureRun(tx, run);
    await tx.query(
      `INSERT INTO ${this.tables.runArtefacts} (run_id, artefact_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [run.runId, artefactId],
    );
  }

  async completeInventory(tx: SqlExecutor, run: RunRef): Promise<void> {
    await this.ensureRun(tx, run);
    await tx.query(
      `UPDATE ${this.tables.runs} SET inventory_completed_at = coalesce(inventory_completed_at, now())
       WHERE run_id = $1`,
      [run.runId],
    );
  }

  async runsOfArtefact(executor: SqlExecutor, artefactId: string): Promise<string[]> {
    const { rows } = await executor.query<{ run_id: string }>(
      `SELECT run_id FROM ${this.tables.runArtefacts} WHERE artefact_id = $1 ORDER BY run_id`,
      [artefactId],
    );
    return rows.map((row) => row.run_id);
  }

  async progress(executor: SqlExecutor, runId: string): Promise<RunProgress | undefined> {
    const { rows: runs } = await executor.query<{
      portfolio_id: string;
      cycle_id: string;
      inventory_completed_at: Date | null;
      outcome: RunProgress['outcome'] | null;
    }>(
      `SELECT portfolio_id, cycle_id, inventory_completed_at, outcome FROM ${this.tables.runs} WHERE run_id = $1`,
      [runId],
    );
    if (runs.length === 0) return undefined;
    const { rows: artefacts } = await executor.query<{
      artefact_id: string;
      outcome: 'extracted' | 'failed' | null;
      error_code: string | null;
    }>(
      `SELECT ra.artefact_id, ae.outcome, ae.error_code
       FROM ${this.tables.runArtefacts} ra
       LEFT JOIN ${this.tables.artefactExtractions} ae ON ae.artefact_id = ra.artefact_id
       WHERE ra.run_id = $1 ORDER BY ra.artefact_id`,
      [runId],
    );
    const [run] = runs;
    return {
      run: { portfolioId: run.portfolio_id, cycleId: run.cycle_id, runId },
      inventoryComplete: run.inventory_completed_at !== null,
      ...(run.outcome && { outcome: run.outcome }),
      artefacts: artefacts.map((row) => ({
        artefactId: row.artefact_id,
        ...(row.outcome && {
          outcome: { kind: row.outcome, ...(row.error_code && { errorCode: row.error_code }) },
        }),
      })),
    };
  }

  async recordOutcome(tx: SqlExecutor, runId: string, outcome: 'completed' | 'failed'): Promise<void> {
    await tx.query(`UPDATE ${this.tables.runs} SET outcome = $2, outcome_at = now() WHERE run_id = $1`, [
      runId,
      outcome,
    ]);
  }

  private async ensureRun(tx: SqlExecutor, run: RunRef): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.tables.runs} (run_id, portfolio_id, cycle_id) VALUES ($1, $2, $3)
       ON CONFLICT (run_id) DO NOTHING`,
      [run.runId, run.portfolioId, run.cycleId],
    );
  }
}
