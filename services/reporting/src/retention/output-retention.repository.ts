import type {
  ActiveLegalHold,
  LegalHoldPlacedV1,
  LegalHoldReleasedV1,
  OutputRetentionRule,
  SourcePolicySetV1,
} from '@fai/contracts';
import { ident, type SqlDatabase, type SqlExecutor } from '@fai/event-store';
import type { ReportingRepository } from '../infrastructure/reporting.repository';
import type { OutputRetentionFacts, RetainedOutput } from './output-retention';

// Holds, policies and deletions serialise on this lock, so a deletion re-decided under it sees every
// hold and policy recorded before it.
const RETENTION_LOCK_KEY = 'retention';

/** When retention deleted the content of an output with these bytes. */
export interface ContentDeletion {
  outputId: string;
  deletedAt: Date;
}

/**
 * What output retention decides on, in reporting's schema: the output registry (content still stored
 * or not) with the publication each output belongs to, the latest source policy of each portfolio and
 * the legal holds, both learnt from ingest's events. Writes take the consumer's or sweep's transaction.
 */
export class OutputRetentionRepository {
  private readonly t: Record<'outputs' | 'publications' | 'policies' | 'holds', string>;

  constructor(
    private readonly db: SqlDatabase,
    schema: string,
    private readonly reporting: Pick<ReportingRepository, 'lock'>,
  ) {
    const q = (table: string) => `${ident(schema)}.${table}`;
    this.t = {
      outputs: q('outputs'),
      publications: q('publications'),
      policies: q('output_retention_policies'),
      holds: q('legal_holds'),
    };
  }

  lock(tx: SqlExecutor): Promise<void> {
    return this.reporting.lock(tx, RETENTION_LOCK_KEY);
  }

  /** Every fact a sweep needs; with `outputId`, only that output (a re-check). */
  async facts(executor: SqlExecutor = this.db, outputId?: string): Promise<OutputRetentionFacts> {
    const outputs = await executor.query<{
      output_id: string;
      kind: RetainedOutput['kind'];
      portfolio_id: string;
      cycle_id: string;
      run_id: string;
      fund_id: string | null;
      sha256: string;
      generated_at: Date;
      report_id: string | null;
      published_at: Date | null;
    }>(
      // A report's own files name it; the draft files of the memo it published belong to it too.
      `SELECT o.output_id, o.kind, o.portfolio_id, o.cycle_id, o.run_id, o.fund_id, o.sha256, o.generated_at,
              p.report_id, p.published_at
         FROM ${this.t.outputs} o
         LEFT JOIN ${this.t.publications} p
           ON p.report_id = o.report_id OR (o.report_id IS NULL AND p.memo_id = o.memo_id)
        WHERE o.content_deleted_at IS NULL${outputId ? ' AND o.output_id = $1' : ''}
        ORDER BY o.generated_at, o.output_id`,
      outputId ? [outputId] : [],
    );
    const policies = await executor.query<{
      portfolio_id: string;
      source_policy_id: string;
      rules: OutputRetentionRule[];
    }>(`SELECT portfolio_id, source_policy_id, rules FROM ${this.t.policies} WHERE rules IS NOT NULL`);
    const holds = await executor.query<{
      hold_id: string;
      scope: ActiveLegalHold['scope'];
      target_id: string;
    }>(`SELECT hold_id, scope, target_id FROM ${this.t.holds} WHERE released_at IS NULL ORDER BY hold_id`);
    return {
      outputs: outputs.rows.map((row) => ({
        outputId: row.output_id,
        kind: row.kind,
        portfolioId: row.portfolio_id,
        cycleId: row.cycle_id,
        runId: row.run_id,
        ...(row.fund_id ? { fundId: row.fund_id } : {}),
        sha256: row.sha256,
        generatedAt: row.generated_at,
        ...(row.report_id && row.published_at
          ? { report: { reportId: row.report_id, publishedAt: row.published_at } }
          : {}),
      })),
      policies: new Map(
        policies.rows.map((row) => [
          row.portfolio_id,
          { sourcePolicyId: row.source_policy_id, rules: row.rules },
        ]),
      ),
      holds: holds.rows.map((row) => ({ holdId: row.hold_id, scope: row.scope, targetId: row.target_id })),
    };
  }

  async markContentDeleted(tx: SqlExecutor, outputId: string, at: Date): Promise<void> {
    await tx.query(`UPDATE ${this.t.outputs} SET content_deleted_at = $2 WHERE output_id = $1`, [
      outputId,
      at,
    ]);
  }

  /** Content every output of which has had it deleted: what a sweep removes from the output store. */
  async unkeptContent(): Promise<string[]> {
    const { rows } = await this.db.query<{ sha256: string }>(
      `SELECT DISTINCT sha256 FROM ${this.t.outputs} deleted
        WHERE content_deleted_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM ${this.t.outputs} live
                           WHERE live.sha256 = deleted.sha256 AND live.content_deleted_at IS NULL)`,
    );
    return rows.map((row) => row.sha256);
  }

  /** The latest deletion of an output with these bytes, if retention deleted one. */
  async contentDeletion(sha256: string): Promise<ContentDeletion | undefined> {
    const { rows } = await this.db.query<{ output_id: string; content_deleted_at: Date }>(
      `SELECT output_id, content_deleted_at FROM ${this.t.outputs}
        WHERE sha256 = $1 AND content_deleted_at IS NOT NULL ORDER BY content_deleted_at DESC, output_id LIMIT 1`,
      [sha256],
    );
    const row = rows[0];
    return row && { outputId: row.output_id, deletedAt: row.content_deleted_at };
  }

  /** Keeps a portfolio's latest source policy version: an older one arriving late changes nothing. */
  async recordSourcePolicy(tx: SqlExecutor, policy: SourcePolicySetV1): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.t.policies} (portfolio_id, source_policy_id, version, rules, set_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (portfolio_id) DO UPDATE
         SET source_policy_id = $2, version = $3, rules = $4, set_at = $5
         WHERE ${this.t.policies}.version < $3`,
      [
        policy.portfolioId,
        policy.sourcePolicyId,
        policy.version,
        policy.outputRetention ? JSON.stringify(policy.outputRetention) : null,
        policy.at,
      ],
    );
  }

  async recordHoldPlaced(tx: SqlExecutor, hold: LegalHoldPlacedV1): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.t.holds} (hold_id, scope, target_id, placed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (hold_id) DO NOTHING`,
      [hold.holdId, hold.scope, hold.targetId, hold.at],
    );
  }

  async recordHoldReleased(tx: SqlExecutor, release: LegalHoldReleasedV1): Promise<void> {
    await tx.query(`UPDATE ${this.t.holds} SET released_at = $2 WHERE hold_id = $1`, [
      release.holdId,
      release.at,
    ]);
  }
}
