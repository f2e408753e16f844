import type { ActiveLegalHold, LegalHoldPlacedV1, LegalHoldReleasedV1 } from '@fai/contracts';
import { ident, type SqlDatabase, type SqlExecutor } from '@fai/event-store';
import type { SourcePolicy } from '../artefacts/source-policy';
import type { DependentReport, RetainedArtefact, RetentionFacts, RetentionPolicy } from './retention';

export interface PublishedReportRecord {
  reportId: string;
  portfolioId: string;
  runId: string;
  fundId: string;
  publishedAt: string;
  artefactIds: readonly string[];
}

// Holds, report dependencies and deletions serialise on this lock, so a deletion re-decided under it
// sees every hold placed and every report recorded before it.
const RETENTION_LOCK = 'SELECT pg_advisory_xact_lock(hashtext($1))';

/**
 * What retention decides on, in ingest's schema: the artefact registry (content still stored or not),
 * legal holds, published reports with the artefacts they depend on, and each portfolio's source policy
 * versions from the directory. Writes take the transaction that appends the events they derive from.
 */
export class RetentionRepository {
  private readonly s: string;

  constructor(
    private readonly db: SqlDatabase,
    readonly schema: string,
  ) {
    this.s = ident(schema);
  }

  async lock(tx: SqlExecutor): Promise<void> {
    await tx.query(RETENTION_LOCK, [`${this.schema}.retention`]);
  }

  /** Every fact a sweep needs; with `artefactId`, only those about that artefact (a re-check). */
  async facts(executor: SqlExecutor = this.db, artefactId?: string): Promise<RetentionFacts> {
    const only = artefactId ? ' AND artefact_id = $1' : '';
    const params = artefactId ? [artefactId] : [];
    const artefacts = await executor.query<{
      artefact_id: string;
      tenant_id: string;
      portfolio_id: string;
      fund_id: string | null;
      sha256: string;
      document_type: RetainedArtefact['documentType'];
      ingested_at: Date;
    }>(
      `SELECT artefact_id, tenant_id, portfolio_id, fund_id, sha256, document_type, ingested_at
         FROM ${this.s}.artefacts WHERE content_deleted_at IS NULL${only} ORDER BY ingested_at, artefact_id`,
      params,
    );
    const directories = await executor.query<{ portfolio_id: string; policies: SourcePolicy[] }>(
      `SELECT portfolio_id, state->'sourcePolicies' AS policies FROM ${this.s}.directory`,
    );
    const holds = await executor.query<{
      hold_id: string;
      scope: ActiveLegalHold['scope'];
      target_id: string;
    }>(
      `SELECT hold_id, scope, target_id FROM ${this.s}.legal_holds WHERE released_at IS NULL ORDER BY hold_id`,
    );
    const reports = await executor.query<{ report_id: string; published_at: Date; artefact_ids: string[] }>(
      `SELECT report_id, published_at, artefact_ids FROM ${this.s}.published_reports
        ${artefactId ? 'WHERE artefact_ids @> ARRAY[$1]::text[]' : ''} ORDER BY report_id`,
      params,
    );
    return {
      artefacts: artefacts.rows.map((row) => ({
        artefactId: row.artefact_id,
        tenantId: row.tenant_id,
        portfolioId: row.portfolio_id,
        ...(row.fund_id ? { fundId: row.fund_id } : {}),
        sha256: row.sha256,
        documentType: row.document_type,
        ingestedAt: row.ingested_at,
      })),
      policies: new Map(
        directories.rows.flatMap(({ portfolio_id, policies }) => {
          const latest = latestRetentionPolicy(policies ?? []);
          return latest ? [[portfolio_id, latest] as const] : [];
        }),
      ),
      holds: holds.rows.map((row) => ({ holdId: row.hold_id, scope: row.scope, targetId: row.target_id })),
      reports: reports.rows.map((row): DependentReport => ({
        reportId: row.report_id,
        publishedAt: row.published_at,
        artefactIds: row.artefact_ids,
      })),
    };
  }

  /** Content whose every artefact has had it deleted: what a sweep interrupted before removing bytes left. */
  async unkeptContent(): Promise<string[]> {
    const { rows } = await this.db.query<{ sha256: string }>(
      `SELECT DISTINCT sha256 FROM ${this.s}.artefacts deleted
        WHERE content_deleted_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM ${this.s}.artefacts live
                           WHERE live.sha256 = deleted.sha256 AND live.content_deleted_at IS NULL)`,
    );
    return rows.map((row) => row.sha256);
  }

  async markContentDeleted(tx: SqlExecutor, artefactId: string, at: Date): Promise<void> {
    await tx.query(`UPDATE ${this.s}.artefacts SET content_deleted_at = $2 WHERE artefact_id = $1`, [
      artefactId,
      at,
    ]);
  }

  async recordHoldPlaced(tx: SqlExecutor, hold: LegalHoldPlacedV1): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.s}.legal_holds (hold_id, scope, target_id, placed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (hold_id) DO NOTHING`,
      [hold.holdId, hold.scope, hold.targetId, hold.at],
    );
  }

  async recordHoldReleased(tx: SqlExecutor, release: LegalHoldReleasedV1): Promise<void> {
    await tx.query(`UPDATE ${this.s}.legal_holds SET released_at = $2 WHERE hold_id = $1`, [
      release.holdId,
      release.at,
    ]);
  }

  async recordPublishedReport(tx: SqlExecutor, report: PublishedReportRecord): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.s}.published_reports (report_id, portfolio_id, run_id, fund_id, published_at, artefact_ids)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (report_id) DO NOTHING`,
      [
        report.reportId,
        report.portfolioId,
        report.runId,
        report.fundId,
        report.publishedAt,
        report.artefactIds,
      ],
    );
  }

  /** Artefacts of a fund taken in up to an instant: what a report may have used when its run is unknown here. */
  async fundArtefactsUpTo(
    tx: SqlExecutor,
    portfolioId: string,
    fundId: string,
    at: string,
  ): Promise<string[]> {
    const { rows } = await tx.query<{ artefact_id: string }>(
      `SELECT artefact_id FROM ${this.s}.artefacts
        WHERE portfolio_id = $1 AND fund_id = $2 AND ingested_at <= $3 ORDER BY artefact_id`,
      [portfolioId, fundId, at],
    );
    return rows.map((row) => row.artefact_id);
  }
}

/** A portfolio's latest source policy version, when it says anything about retention. */
function latestRetentionPolicy(policies: readonly SourcePolicy[]): RetentionPolicy | undefined {
  const latest = policies.reduce<SourcePolicy | undefined>(
    (found, policy) => (!found || policy.version > found.version ? policy : found),
    undefined,
  );
  return latest?.retention ? { sourcePolicyId: latest.sourcePolicyId, rules: latest.retention } : undefined;
}
