import type { ExportLogEntry, PublishFundReply } from '@fai/contracts';
import { ident, type SqlExecutor } from '@fai/event-store';
import type { ReportRunState, RunRef } from '../drafting/report-run.decider';
import type { ApprovalStamp } from '../memo/memo-view';
import type { DraftApproval, FundPublicationState } from '../publication/publication';
import type { StoredOutput } from './output-store';

export interface DraftRow {
  memoId: string;
  run: RunRef;
  fundId: string;
  version: number;
  templateVersion: string;
  inputSha256: string;
  htmlSha256: string;
  pdfSha256: string;
  packId: string;
  packSha256: string;
  manifestSha256: string;
  evidenceCoverage: string;
  figures: number;
  draftedAt: Date;
}

export type OutputKind = 'memo_input' | 'memo_html' | 'memo_pdf' | 'evidence_pack' | 'portfolio_summary';

export interface OutputRow extends StoredOutput {
  kind: OutputKind;
  memoId: string | null;
  reportId: string | null;
  run: RunRef;
  fundId: string | null;
  generatedAt: Date;
  templateVersion: string;
  approvalStamp: ApprovalStamp | null;
}

/** Whose distributions to list: one report's, or a fund's in a cycle. */
export type ExportLogSelector = { reportId: string } | { cycleId: string; fundId: string };

export interface PublicationRow {
  reportId: string;
  cycleId: string;
  fundId: string;
  memoId: string;
  commandId: string;
  reply: PublishFundReply;
  publishedBy: string;
  publishedAt: Date;
  /** Where each file went: the event downstream systems read it from. */
  channel: string;
}

/** Reporting's tables: drafts, approvals, the output registry, publications, the export log, run progress. */
export class ReportingRepository {
  private readonly t: Record<
    'drafts' | 'approvals' | 'outputs' | 'publications' | 'exportLog' | 'runs',
    string
  >;

  constructor(schema: string) {
    const q = (table: string) => `${ident(schema)}.${table}`;
    this.t = {
      drafts: q('drafts'),
      approvals: q('approvals'),
      outputs: q('outputs'),
      publications: q('publications'),
      exportLog: q('export_log'),
      runs: q('report_runs'),
    };
  }

  /** Serialises writers of one key (a run, a fund's cycle) until the transaction ends. */
  async lock(tx: SqlExecutor, key: string): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`fai-reporting:${key}`]);
  }

  async hasDraft(executor: SqlExecutor, memoId: string): Promise<boolean> {
    const { rows } = await executor.query(`SELECT 1 FROM ${this.t.drafts} WHERE memo_id = $1`, [memoId]);
    return rows.length > 0;
  }

  async nextDraftVersion(tx: SqlExecutor, cycleId: string, fundId: string): Promise<number> {
    const { rows } = await tx.query<{ next: number }>(
      `SELECT coalesce(max(version), 0) + 1 AS next FROM ${this.t.drafts} WHERE cycle_id = $1 AND fund_id = $2`,
      [cycleId, fundId],
    );
    return Number(rows[0].next);
  }

  async insertDraft(tx: SqlExecutor, draft: DraftRow): Promise<void> {
    await insert(tx, this.t.drafts, {
      memo_id: draft.memoId,
      portfolio_id: draft.run.portfolioId,
      cycle_id: draft.run.cycleId,
      run_id: draft.run.runId,
      fund_id: draft.fundId,
      version: draft.version,
      template_version: draft.templateVersion,
      input_sha256: draft.inputSha256,
      html_sha256: draft.htmlSha256,
      pdf_sha256: draft.pdfSha256,
      pack_id: draft.packId,
      pack_sha256: draft.packSha256,
      manifest_sha256: draft.manifestSha256,
      evidence_coverage: draft.evidenceCoverage,
      figures: draft.figures,
      drafted_at: draft.draftedAt,
    });
  }

  async insertOutputs(tx: SqlExecutor, outputs: readonly OutputRow[]): Promise<void> {
    for (const output of outputs)
      await insert(tx, this.t.outputs, {
        output_id: `${output.reportId ?? output.memoId ?? output.run.runId}:${output.kind}`,
        kind: output.kind,
        memo_id: output.memoId,
        report_id: output.reportId,
        portfolio_id: output.run.portfolioId,
        cycle_id: output.run.cycleId,
        run_id: output.run.runId,
        fund_id: output.fundId,
        generated_at: output.generatedAt,
        template_version: output.templateVersion,
        approval_stamp: output.approvalStamp && JSON.stringify(output.approvalStamp),
        publication_state: output.reportId ? 'published' : 'draft',
        sha256: output.sha256,
        bytes: output.bytes,
        uri: output.uri,
      });
  }

  /** Keeps the approval service's latest word on a memo (events arrive in order). */
  async recordApproval(
    tx: SqlExecutor,
    approval: {
      memoId: string;
      state: 'approved' | 'rejected';
      actor: string;
      submittedBy?: string;
      notes: string;
      at: string;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.t.approvals} (memo_id, state, actor, submitted_by, notes, at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (memo_id) DO UPDATE SET state = $2, actor = $3, submitted_by = $4, notes = $5, at = $6`,
      [
        approval.memoId,
        approval.state,
        approval.actor,
        approval.submittedBy ?? null,
        approval.notes,
        approval.at,
      ],
    );
  }

  /** The memo inputs of the run's drafts (their sha256 in the output store), in fund order. */
  async runDraftInputs(executor: SqlExecutor, runId: string): Promise<string[]> {
    const { rows } = await executor.query<{ input_sha256: string }>(
      `SELECT input_sha256 FROM ${this.t.drafts} WHERE run_id = $1 ORDER BY fund_id`,
      [runId],
    );
    return rows.map((row) => row.input_sha256);
  }

  async runState(tx: SqlExecutor, runId: string): Promise<ReportRunState | undefined> {
    const { rows } = await tx.query<{
      awaited: string[];
      drafted: string[];
      ranked: boolean;
      outcome: ReportRunState['outcome'];
    }>(`SELECT awaited, drafted, ranked, outcome FROM ${this.t.runs} WHERE run_id = $1`, [runId]);
    return rows[0];
  }

  async saveRunState(tx: SqlExecutor, run: RunRef, state: ReportRunState): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.t.runs} (run_id, portfolio_id, cycle_id, awaited, drafted, ranked, outcome)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (run_id) DO UPDATE SET awaited = $4, drafted = $5, ranked = $6, outcome = $7`,
      [run.runId, run.portfolioId, run.cycleId, state.awaited, state.drafted, state.ranked, state.outcome],
    );
  }

  /** The fund's latest draft in the cycle with its approval, and its publication if any. */
  async publicationState(
    executor: SqlExecutor,
    cycleId: string,
    fundId: string,
  ): Promise<FundPublicationState> {
    const drafts = await executor.query<{
      memo_id: string;
      portfolio_id: string;
      run_id: string;
      version: number;
      input_sha256: string;
      pack_sha256: string;
      state: 'approved' | 'rejected' | null;
      actor: string | null;
      submitted_by: string | null;
      notes: string | null;
      at: Date | null;
    }>(
      `SELECT d.memo_id, d.portfolio_id, d.run_id, d.version, d.input_sha256, d.pack_sha256,
              a.state, a.actor, a.submitted_by, a.notes, a.at
         FROM ${this.t.drafts} d LEFT JOIN ${this.t.approvals} a ON a.memo_id = d.memo_id
        WHERE d.cycle_id = $1 AND d.fund_id = $2 ORDER BY d.version DESC LIMIT 1`,
      [cycleId, fundId],
    );
    const published = await executor.query<{
      report_id: string;
      command_id: string;
      reply: PublishFundReply;
    }>(
      `SELECT report_id, command_id, reply FROM ${this.t.publications} WHERE cycle_id = $1 AND fund_id = $2`,
      [cycleId, fundId],
    );
    const draft = drafts.rows[0];
    const row = published.rows[0];
    return {
      latestDraft: draft && {
        memoId: draft.memo_id,
        portfolioId: draft.portfolio_id,
        runId: draft.run_id,
        version: Number(draft.version),
        inputSha256: draft.input_sha256,
        packSha256: draft.pack_sha256,
        approval: approvalOf(draft),
      },
      published: row ? { reportId: row.report_id, commandId: row.command_id, reply: row.reply } : null,
    };
  }

  /** The export log entries of a report or a fund's cycle after `afterExportId`, oldest first. */
  async exportLog(
    executor: SqlExecutor,
    selector: ExportLogSelector,
    afterExportId: string,
    limit: number,
  ): Promise<ExportLogEntry[]> {
    const [where, params] =
      'reportId' in selector
        ? ['p.report_id = $1', [selector.reportId]]
        : ['p.cycle_id = $1 AND p.fund_id = $2', [selector.cycleId, selector.fundId]];
    const { rows } = await executor.query<{
      export_id: string;
      report_id: string;
      cycle_id: string;
      fund_id: string;
      kind: ExportLogEntry['kind'];
      sha256: string;
      uri: string;
      channel: string;
      actor: string;
      command_id: string;
      exported_at: Date;
    }>(
      `SELECT e.export_id::text AS export_id, e.report_id, p.cycle_id, p.fund_id, e.kind, e.sha256, e.uri,
              e.channel, e.actor, e.command_id, e.exported_at
         FROM ${this.t.exportLog} e JOIN ${this.t.publications} p ON p.report_id = e.report_id
        WHERE ${where} AND e.export_id > $${params.length + 1}::bigint
        ORDER BY e.export_id LIMIT $${params.length + 2}`,
      [...params, afterExportId, limit],
    );
    return rows.map((row) => ({
      exportId: row.export_id,
      reportId: row.report_id,
      cycleId: row.cycle_id,
      fundId: row.fund_id,
      kind: row.kind,
      sha256: row.sha256,
      uri: row.uri,
      channel: row.channel,
      actor: row.actor,
      commandId: row.command_id,
      exportedAt: new Date(row.exported_at).toISOString(),
    }));
  }

  async insertPublication(tx: SqlExecutor, publication: PublicationRow): Promise<void> {
    await insert(tx, this.t.publications, {
      report_id: publication.reportId,
      cycle_id: publication.cycleId,
      fund_id: publication.fundId,
      memo_id: publication.memoId,
      command_id: publication.commandId,
      reply: JSON.stringify(publication.reply),
      published_by: publication.publishedBy,
      published_at: publication.publishedAt,
    });
    for (const file of publication.reply.files)
      await insert(tx, this.t.exportLog, {
        report_id: publication.reportId,
        kind: file.kind,
        sha256: file.sha256,
        uri: file.uri,
        channel: publication.channel,
        actor: publication.publishedBy,
        command_id: publication.commandId,
        exported_at: publication.publishedAt,
      });
  }
}

/** One row into `table`, columns named as in the table (only ever from this file: never user input). */
async function insert(tx: SqlExecutor, table: string, row: Record<string, unknown>): Promise<void> {
  const columns = Object.keys(row);
  await tx.query(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, index) => `$${index + 1}`).join(', ')})`,
    Object.values(row),
  );
}

function approvalOf(row: {
  state: 'approved' | 'rejected' | null;
  actor: string | null;
  submitted_by: string | null;
  notes: string | null;
  at: Date | null;
}): DraftApproval {
  if (row.state === 'approved')
    return {
      state: 'approved',
      approvedBy: row.actor!,
      submittedBy: row.submitted_by!,
      approvedAt: row.at!.toISOString(),
      notes: row.notes ?? '',
    };
  if (row.state === 'rejected')
    return { state: 'rejected', rejectedBy: row.actor!, at: row.at!.toISOString() };
  return { state: 'pending' };
}
