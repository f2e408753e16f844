import type { EvidencePackBuiltV1 } from '@fai/contracts';
import { ident, type SqlExecutor } from '@fai/event-store';
import type { MemoEvidence } from '../fund-workflow/fund-workflow.decider';

/**
 * The evidence coverage of each drafted memo, as reporting's EvidencePackBuilt states it: approval
 * needs every figure traced. Written by the consumer of reporting's events in its processed-events
 * transaction (it comes from reporting's log, not approval's, so it is no projection); a pack built
 * again for the same memo replaces the earlier one.
 */
export class EvidencePacks {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${ident(schema)}.memo_evidence`;
  }

  async record(tx: SqlExecutor, pack: EvidencePackBuiltV1): Promise<void> {
    const { memoId, packId, cycleId, fundId, evidenceCoverage, at } = pack;
    await tx.query(
      `INSERT INTO ${this.table} (memo_id, pack_id, cycle_id, fund_id, evidence_coverage, built_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (memo_id) DO UPDATE SET pack_id = EXCLUDED.pack_id,
         evidence_coverage = EXCLUDED.evidence_coverage, built_at = EXCLUDED.built_at`,
      [memoId, packId, cycleId, fundId, evidenceCoverage, at],
    );
  }

  async ofMemo(db: SqlExecutor, memoId: string): Promise<MemoEvidence | undefined> {
    const { rows } = await db.query<{ evidence_coverage: string }>(
      `SELECT evidence_coverage FROM ${this.table} WHERE memo_id = $1`,
      [memoId],
    );
    return rows[0] ? { memoId, evidenceCoverage: rows[0].evidence_coverage } : undefined;
  }
}
