import type { ArtefactIngestedV1, IntakeReply, RunInventory } from '@fai/contracts';
import { ident, migrate, type SqlDatabase, type SqlExecutor } from '@fai/event-store';
import type { ArtefactView, IntakeEvent } from '../artefacts/artefact.decider';
import type { PortfolioDirectory } from '../directory/directory';
import { INGEST_MIGRATIONS } from './ingest.migrations';

/** An artefact as the registry keeps it: what ArtefactIngested said, by whom it was superseded, and when retention deleted its content. */
export interface ArtefactRecord extends ArtefactIngestedV1 {
  supersededByArtefactId?: string;
  contentDeletedAt?: string;
}

interface ArtefactRow {
  artefact_id: string;
  tenant_id: string;
  sha256: string;
  portfolio_id: string;
  fund_id: string | null;
  document_type: ArtefactIngestedV1['documentType'];
  period: string | null;
  as_of: string | null;
  version: number;
  supersedes_artefact_id: string | null;
  superseded_by_artefact_id: string | null;
  file_name: string;
  media_type: string;
  size: string;
  pages: number | null;
  retention_class: string;
  source_type: ArtefactIngestedV1['sourceType'];
  origin: string;
  actor: string;
  source_policy_id: string;
  cycle_id: string;
  run_id: string;
  identifiers: ArtefactIngestedV1['identifiers'];
  retrieved_at: Date | null;
  ingested_at: Date;
  intake_id: string;
  content_deleted_at: Date | null;
}

/**
 * Ingest's tables: the directory (what it knows of portfolios), the artefact registry with its
 * versions, intakes with the reply each got, and run inventories. Writes take the transaction that
 * appends the events they derive from.
 */
export class IngestRepository {
  private readonly s: string;

  constructor(
    private readonly db: SqlDatabase,
    readonly schema: string,
  ) {
    this.s = ident(schema);
  }

  async migrate(): Promise<void> {
    await migrate(this.db, this.schema, INGEST_MIGRATIONS);
  }

  async loadDirectory(portfolioId: string, executor: SqlExecutor = this.db, forUpdate = false) {
    const { rows } = await executor.query<{ state: PortfolioDirectory }>(
      `SELECT state FROM ${this.s}.directory WHERE portfolio_id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [portfolioId],
    );
    return rows[0]?.state;
  }

  async saveDirectory(tx: SqlExecutor, directory: PortfolioDirectory): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.s}.directory (portfolio_id, state) VALUES ($1, $2)
       ON CONFLICT (portfolio_id) DO UPDATE SET state = EXCLUDED.state, updated_at = now()`,
      [directory.portfolioId, JSON.stringify(directory)],
    );
  }

  async recordCycle(tx: SqlExecutor, cycleId: string, portfolioId: string): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.s}.directory_cycles (cycle_id, portfolio_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [cycleId, portfolioId],
    );
  }

  async portfolioOfCycle(cycleId: string, executor: SqlExecutor = this.db): Promise<string | undefined> {
    const { rows } = await executor.query<{ portfolio_id: string }>(
      `SELECT portfolio_id FROM ${this.s}.directory_cycles WHERE cycle_id = $1`,
      [cycleId],
    );
    return rows[0]?.portfolio_id;
  }

  /** The tenant's artefacts an intake decides on: the same bytes, or the same document type and period. */
  async artefactsForIntake(
    tenantId: string,
    sha256: string,
    documentType: string,
    period: string | undefined,
    executor: SqlExecutor = this.db,
  ): Promise<ArtefactView[]> {
    const { rows } = await executor.query<ArtefactRow>(
      `SELECT * FROM ${this.s}.artefacts
        WHERE tenant_id = $1
          AND (sha256 = $2 OR ($3 <> 'unknown' AND document_type = $3 AND period IS NOT DISTINCT FROM $4))`,
      [tenantId, sha256, documentType, period ?? null],
    );
    return rows.map((row) => ({
      artefactId: row.artefact_id,
      tenantId: row.tenant_id,
      sha256: row.sha256,
      documentType: row.document_type,
      version: row.version,
      ...(row.fund_id ? { fundId: row.fund_id } : {}),
      ...(row.period ? { period: row.period } : {}),
      ...(row.superseded_by_artefact_id ? { supersededByArtefactId: row.superseded_by_artefact_id } : {}),
    }));
  }

  async findArtefact(artefactId: string): Promise<ArtefactRecord | undefined> {
    const { rows } = await this.db.query<ArtefactRow>(
      `SELECT * FROM ${this.s}.artefacts WHERE artefact_id = $1`,
      [artefactId],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async findIntakeReply(intakeId: string): Promise<IntakeReply | undefined> {
    const { rows } = await this.db.query<{ reply: IntakeReply }>(
      `SELECT reply FROM ${this.s}.artefact_intakes WHERE intake_id = $1`,
      [intakeId],
    );
    return rows[0]?.reply;
  }

  /** Applies an intake's events to the registry and records the intake with the reply it got. */
  async recordIntake(tx: SqlExecutor, events: readonly IntakeEvent[], reply: IntakeReply): Promise<void> {
    for (const event of events) {
      if (event.type === 'ArtefactIngested') await this.insertArtefact(tx, event.data);
      if (event.type === 'ArtefactSuperseded')
        await tx.query(
          `UPDATE ${this.s}.artefacts SET superseded_by_artefact_id = $2 WHERE artefact_id = $1`,
          [event.data.artefactId, event.data.supersededByArtefactId],
        );
    }
    const intake = events.find(
      (event) => event.type === 'ArtefactIngested' || event.type === 'ArtefactIntakeRecorded',
    )!.data as ArtefactIngestedV1;
    await tx.query(
      `INSERT INTO ${this.s}.artefact_intakes
         (intake_id, artefact_id, portfolio_id, cycle_id, run_id, source_type, origin, actor, file_name, retrieved_at, at, reply)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        intake.intakeId,
        intake.artefactId,
        intake.portfolioId,
        intake.cycleId,
        intake.runId,
        intake.sourceType,
        intake.origin,
        intake.actor,
        intake.fileName,
        intake.retrievedAt ?? null,
        intake.at,
        JSON.stringify(reply),
      ],
    );
  }

  async saveInventory(tx: SqlExecutor, report: RunInventory): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.s}.run_inventories (run_id, cycle_id, portfolio_id, status, report) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (run_id) DO UPDATE SET status = EXCLUDED.status, report = EXCLUDED.report, updated_at = now()`,
      [report.runId, report.cycleId, report.portfolioId, report.status, JSON.stringify(report)],
    );
  }

  async findInventory(runId: string, executor: SqlExecutor = this.db): Promise<RunInventory | undefined> {
    const { rows } = await executor.query<{ report: RunInventory }>(
      `SELECT report FROM ${this.s}.run_inventories WHERE run_id = $1`,
      [runId],
    );
    return rows[0]?.report;
  }

  private async insertArtefact(tx: SqlExecutor, a: ArtefactIngestedV1): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.s}.artefacts
         (artefact_id, tenant_id, sha256, portfolio_id, fund_id, document_type, period, as_of, version,
          supersedes_artefact_id, file_name, media_type, size, pages, retention_class, source_type, origin, actor,
          source_policy_id, cycle_id, run_id, intake_id, identifiers, retrieved_at, ingested_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)`,
      [
        a.artefactId,
        a.tenantId,
        a.sha256,
        a.portfolioId,
        a.fundId ?? null,
        a.documentType,
        a.period ?? null,
        a.asOf ?? null,
        a.version,
        a.supersedesArtefactId ?? null,
        a.fileName,
        a.mediaType,
        a.size,
        a.pages ?? null,
        a.retentionClass,
        a.sourceType,
        a.origin,
        a.actor,
        a.sourcePolicyId,
        a.cycleId,
        a.runId,
        a.intakeId,
        JSON.stringify(a.identifiers),
        a.retrievedAt ?? null,
        a.at,
      ],
    );
  }
}

function toRecord(row: ArtefactRow): ArtefactRecord {
  const optional = <T>(key: string, value: T | null) =>
    value === null || value === undefined ? {} : { [key]: value };
  return {
    artefactId: row.artefact_id,
    tenantId: row.tenant_id,
    portfolioId: row.portfolio_id,
    cycleId: row.cycle_id,
    runId: row.run_id,
    intakeId: row.intake_id,
    sha256: row.sha256,
    version: row.version,
    ...optional('supersedesArtefactId', row.supersedes_artefact_id),
    ...optional('supersededByArtefactId', row.superseded_by_artefact_id),
    ...optional('fundId', row.fund_id),
    documentType: row.document_type,
    ...optional('period', row.period),
    ...optional('asOf', row.as_of),
    identifiers: row.identifiers,
    sourceType: row.source_type,
    origin: row.origin,
    actor: row.actor,
    ...optional('retrievedAt', row.retrieved_at?.toISOString() ?? null),
    fileName: row.file_name,
    mediaType: row.media_type,
    size: Number(row.size),
    ...optional('pages', row.pages),
    retentionClass: row.retention_class,
    sourcePolicyId: row.source_policy_id,
    at: row.ingested_at.toISOString(),
    ...optional('contentDeletedAt', row.content_deleted_at?.toISOString() ?? null),
  };
}
