import type {
  AlertRaisedV1,
  ExceptionRaisedV1,
  ExceptionResolvedV1,
  FundReviewException,
} from '@fai/contracts';
import { ident, type SqlExecutor } from '@fai/event-store';
import type { ArtefactFacts } from '../claims/validation-claim';
import type { FundSnapshot } from '../fields/snapshot';
import type { Finding } from '../materiality/rank-findings';
import type { SourceType } from '../policies/policy-types';
import type { FundValidation, SourceProblem } from '../validation-run';

export interface CycleRow {
  cycleId: string;
  portfolioId: string;
  period: string;
  asOf: string;
}

export interface ArtefactRow extends ArtefactFacts {
  artefactId: string;
  runId: string;
  fundId?: string;
  documentType: string;
}

export interface RunRow {
  runId: string;
  portfolioId: string;
  cycleId: string;
  asOf: string;
  outcome: 'validated' | 'failed';
  policies?: { ruleset: string; materiality: string; sourcePolicy: string };
  /** The validateRun input without its policies, for dry runs and replays. */
  input?: unknown;
  validatedAt: string;
}

export interface FundReviewRow {
  runId: string;
  fundId: string;
  portfolioId: string;
  cycleId: string;
  asOf: string;
  baseline: boolean;
  priorSnapshot?: { cycleId: string; runId: string };
  completeness: FundValidation['completeness'];
  fields: FundValidation['fields'];
  checks: FundValidation['checks'];
  deltas: FundValidation['deltas'];
  findings: Finding[];
  validatedAt: string;
  readyAt?: string;
  lockedAt?: string;
}

export interface ExceptionRow {
  raised: ExceptionRaisedV1;
  status: 'open' | 'monitoring' | 'resolved';
  category?: string;
  assignee?: string;
  resolution?: ExceptionResolvedV1;
  decisions: FundReviewException['decisions'];
  resolvedAt?: string;
  timeToCloseSeconds?: number;
}

export type Decision = FundReviewException['decisions'][number];

const date = (value: unknown): string =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
const instant = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : new Date(value as string).toISOString();

/** The runs table's columns but the input. */
const RUN_COLUMNS = 'run_id, portfolio_id, cycle_id, as_of, outcome, policies, validated_at';
/**
 * Validation's tables (validation.migrations.ts), written in the transaction of the events they
 * reflect. Reads take an executor too, so a handler reads what its own transaction wrote.
 */
export class ValidationTables {
  private readonly s: string;

  constructor(schema: string) {
    this.s = ident(schema);
  }

  // ───────────── cycles and artefacts ─────────────

  async recordCycle(tx: SqlExecutor, cycle: CycleRow): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.s}.cycles (cycle_id, portfolio_id, period, as_of) VALUES ($1, $2, $3, $4)
       ON CONFLICT (cycle_id) DO NOTHING`,
      [cycle.cycleId, cycle.portfolioId, cycle.period, cycle.asOf],
    );
  }

  async cycle(tx: SqlExecutor, cycleId: string): Promise<CycleRow | undefined> {
    const { rows } = await tx.query<{
      cycle_id: string;
      portfolio_id: string;
      period: string;
      as_of: unknown;
    }>(`SELECT * FROM ${this.s}.cycles WHERE cycle_id = $1`, [cycleId]);
    return rows.map((row) => ({
      cycleId: row.cycle_id,
      portfolioId: row.portfolio_id,
      period: row.period,
      asOf: date(row.as_of),
    }))[0];
  }

  async recordArtefact(tx: SqlExecutor, artefact: ArtefactRow): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.s}.artefacts (artefact_id, sha256, version, run_id, fund_id, document_type, source_type, origin)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (artefact_id) DO NOTHING`,
      [
        artefact.artefactId,
        artefact.sha256,
        artefact.version,
        artefact.runId,
        artefact.fundId ?? null,
        artefact.documentType,
        artefact.sourceType,
        artefact.origin ?? null,
      ],
    );
  }

  /** The artefacts a run's claims come from (a rerun reads artefacts an earlier run brought in). */
  async artefacts(tx: SqlExecutor, artefactIds: readonly string[]): Promise<ArtefactRow[]> {
    const { rows } = await tx.query<{
      artefact_id: string;
      sha256: string;
      version: number;
      run_id: string;
      fund_id: string | null;
      document_type: string;
      source_type: SourceType;
      origin: string | null;
    }>(`SELECT * FROM ${this.s}.artefacts WHERE artefact_id = ANY($1) ORDER BY artefact_id`, [artefactIds]);
    return rows.map((row) => ({
      artefactId: row.artefact_id,
      sha256: row.sha256,
      version: row.version,
      runId: row.run_id,
      ...(row.fund_id !== null && { fundId: row.fund_id }),
      documentType: row.document_type,
      sourceType: row.source_type,
      ...(row.origin !== null && { origin: row.origin }),
    }));
  }

  async fundOfArtefact(tx: SqlExecutor, artefactId: string): Promise<string | undefined> {
    const { rows } = await tx.query<{ fund_id: string | null }>(
      `SELECT fund_id FROM ${this.s}.artefacts WHERE artefact_id = $1`,
      [artefactId],
    );
    return rows[0]?.fund_id ?? undefined;
  }

  async recordSourceProblem(
    tx: SqlExecutor,
    runId: string,
    fundId: string,
    key: string,
    problem: SourceProblem,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.s}.source_problems (run_id, fund_id, problem_key, problem) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [runId, fundId, key, JSON.stringify(problem)],
    );
  }

  async sourceProblemsOfRun(tx: SqlExecutor, runId: string): Promise<Map<string, SourceProblem[]>> {
    const { rows } = await tx.query<{ fund_id: string; problem: SourceProblem }>(
      `SELECT fund_id, problem FROM ${this.s}.source_problems WHERE run_id = $1 ORDER BY fund_id, problem_key`,
      [runId],
    );
    const byFund = new Map<string, SourceProblem[]>();
    for (const row of rows) byFund.set(row.fund_id, [...(byFund.get(row.fund_id) ?? []), row.problem]);
    return byFund;
  }

  // ───────────── runs and fund reviews ─────────────

  /**
   * Records a run; its input's funds go to run_fund_inputs, a row each: a run of hundreds of funds
   * is more than one jsonb value can hold.
   */
  async recordRun(tx: SqlExecutor, run: RunRow): Promise<void> {
    const { funds, ...runPart } = (run.input ?? {}) as { funds?: Array<{ fundId: string }> };
    for (const fund of funds ?? [])
      await tx.query(
        `INSERT INTO ${this.s}.run_fund_inputs (run_id, fund_id, input) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [run.runId, fund.fundId, JSON.stringify(fund)],
      );
    await tx.query(
      `INSERT INTO ${this.s}.runs (run_id, portfolio_id, cycle_id, as_of, outcome, policies, input, validated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (run_id) DO NOTHING`,
      [
        run.runId,
        run.portfolioId,
        run.cycleId,
        run.asOf,
        run.outcome,
        run.policies ? JSON.stringify(run.policies) : null,
        run.input === undefined ? null : JSON.stringify(runPart),
        run.validatedAt,
      ],
    );
  }

  /** A run without its input: the input holds every claim of the run, which only a dry run replays. */
  async run(tx: SqlExecutor, runId: string): Promise<Omit<RunRow, 'input'> | undefined> {
    return (await this.runsWhere(tx, 'run_id = ANY($1)', [[runId]], RUN_COLUMNS))[0];
  }

  /** Validated runs: those named, or the latest of each of the portfolio's last cycles. */
  async validatedRuns(
    tx: SqlExecutor,
    select: { runIds?: string[]; portfolioId?: string; lastCycles: number },
  ): Promise<RunRow[]> {
    const runs = select.runIds
      ? await this.runsWhere(tx, `run_id = ANY($1) AND outcome = 'validated'`, [select.runIds], '*')
      : await this.runsWhere(
          tx,
          `run_id IN (SELECT DISTINCT ON (cycle_id) run_id FROM ${this.s}.runs
             WHERE portfolio_id = $1 AND outcome = 'validated' ORDER BY cycle_id, validated_at DESC)
           ORDER BY as_of DESC LIMIT $2`,
          [select.portfolioId ?? null, select.lastCycles],
          '*',
        );
    return Promise.all(runs.map((run) => this.withFundInputs(tx, run)));
  }

  /** A run's whole input again: runs recorded before run_fund_inputs keep their funds in runs.input. */
  private async withFundInputs(tx: SqlExecutor, run: RunRow): Promise<RunRow> {
    const input = run.input as { funds?: unknown[] } | undefined;
    if (!input || input.funds) return run;
    const { rows } = await tx.query<{ input: unknown }>(
      `SELECT input FROM ${this.s}.run_fund_inputs WHERE run_id = $1 ORDER BY fund_id`,
      [run.runId],
    );
    return { ...run, input: { ...input, funds: rows.map((row) => row.input) } };
  }

  private async runsWhere(
    tx: SqlExecutor,
    where: string,
    params: unknown[],
    columns: string,
  ): Promise<RunRow[]> {
    const { rows } = await tx.query<{
      run_id: string;
      portfolio_id: string;
      cycle_id: string;
      as_of: unknown;
      outcome: RunRow['outcome'];
      policies: RunRow['policies'] | null;
      input?: unknown;
      validated_at: unknown;
    }>(`SELECT ${columns} FROM ${this.s}.runs WHERE ${where}`, params);
    return rows.map((row) => ({
      runId: row.run_id,
      portfolioId: row.portfolio_id,
      cycleId: row.cycle_id,
      asOf: date(row.as_of),
      outcome: row.outcome,
      ...(row.policies !== null && { policies: row.policies }),
      ...(row.input !== undefined && row.input !== null && { input: row.input }),
      validatedAt: instant(row.validated_at)!,
    }));
  }

  async recordFundReview(tx: SqlExecutor, review: FundReviewRow): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.s}.fund_reviews (run_id, fund_id, portfolio_id, cycle_id, as_of, baseline, prior_snapshot,
         completeness, fields, checks, deltas, findings, validated_at, ready_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING`,
      [
        review.runId,
        review.fundId,
        review.portfolioId,
        review.cycleId,
        review.asOf,
        review.baseline,
        review.priorSnapshot ? JSON.stringify(review.priorSnapshot) : null,
        JSON.stringify(review.completeness),
        JSON.stringify(review.fields),
        JSON.stringify(review.checks),
        JSON.stringify(review.deltas),
        JSON.stringify(review.findings),
        review.validatedAt,
        review.readyAt ?? null,
      ],
    );
  }

  async fundReview(tx: SqlExecutor, runId: string, fundId: string): Promise<FundReviewRow | undefined> {
    return (await this.reviewsWhere(tx, 'run_id = $1 AND fund_id = $2', [runId, fundId]))[0];
  }

  /** The fund's review in the latest earlier cycle: its findings are this run's persistence history. */
  async previousReview(tx: SqlExecutor, fundId: string, asOf: string): Promise<FundReviewRow | undefined> {
    return (
      await this.reviewsWhere(
        tx,
        'fund_id = $1 AND as_of < $2 ORDER BY as_of DESC, validated_at DESC LIMIT 1',
        [fundId, asOf],
      )
    )[0];
  }

  private async reviewsWhere(tx: SqlExecutor, where: string, params: unknown[]): Promise<FundReviewRow[]> {
    const { rows } = await tx.query<Record<string, unknown>>(
      `SELECT * FROM ${this.s}.fund_reviews WHERE ${where}`,
      params,
    );
    return rows.map((row) => ({
      runId: row.run_id as string,
      fundId: row.fund_id as string,
      portfolioId: row.portfolio_id as string,
      cycleId: row.cycle_id as string,
      asOf: date(row.as_of),
      baseline: row.baseline as boolean,
      ...(row.prior_snapshot !== null && {
        priorSnapshot: row.prior_snapshot as FundReviewRow['priorSnapshot'],
      }),
      completeness: row.completeness as FundReviewRow['completeness'],
      fields: row.fields as FundReviewRow['fields'],
      checks: row.checks as FundReviewRow['checks'],
      deltas: row.deltas as FundReviewRow['deltas'],
      findings: row.findings as Finding[],
      validatedAt: instant(row.validated_at)!,
      ...(row.ready_at !== null && { readyAt: instant(row.ready_at) }),
      ...(row.locked_at !== null && { lockedAt: instant(row.locked_at) }),
    }));
  }

  /** True when this call marked the fund ready (it was not before). */
  async markReady(tx: SqlExecutor, runId: string, fundId: string, at: string): Promise<boolean> {
    const { rows } = await tx.query(
      `UPDATE ${this.s}.fund_reviews SET ready_at = $3 WHERE run_id = $1 AND fund_id = $2 AND ready_at IS NULL
       RETURNING 1`,
      [runId, fundId, at],
    );
    return rows.length === 1;
  }

  async lock(tx: SqlExecutor, runId: string, fundId: string, at: string): Promise<void> {
    await tx.query(
      `UPDATE ${this.s}.fund_reviews SET locked_at = COALESCE(locked_at, $3) WHERE run_id = $1 AND fund_id = $2`,
      [runId, fundId, at],
    );
  }

  // ───────────── exceptions and alerts ─────────────

  async recordException(tx: SqlExecutor, raised: ExceptionRaisedV1, category?: string): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.s}.exceptions (exception_id, portfolio_id, cycle_id, run_id, fund_id, kind, category,
         severity, blocking, status, materiality, title, field_key, sla_due_at, raised_at, raised)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $11, $12, $13, $14, $15) ON CONFLICT DO NOTHING`,
      [
        raised.exceptionId,
        raised.portfolioId,
        raised.cycleId,
        raised.runId,
        raised.fundId,
        raised.kind,
        category ?? null,
        raised.severity,
        raised.blocking,
        raised.materiality.total,
        raised.title,
        raised.fieldKey ?? null,
        raised.slaDueAt,
        raised.at,
        JSON.stringify(raised),
      ],
    );
  }

  /** Records an action on the exception: its new status and assignee, and the decision in its history. */
  async recordDecision(
    tx: SqlExecutor,
    exceptionId: string,
    change: {
      status: ExceptionRow['status'];
      assignee?: string;
      decision: Decision;
      resolution?: ExceptionResolvedV1;
    },
  ): Promise<void> {
    await tx.query(
      `UPDATE ${this.s}.exceptions SET status = $2, assignee = COALESCE($3, assignee),
         decisions = decisions || $4::jsonb, resolution = COALESCE($5::jsonb, resolution),
         resolved_at = COALESCE($6, resolved_at), time_to_close_seconds = COALESCE($7, time_to_close_seconds)
       WHERE exception_id = $1`,
      [
        exceptionId,
        change.status,
        change.assignee ?? null,
        JSON.stringify([change.decision]),
        change.resolution ? JSON.stringify(change.resolution) : null,
        change.resolution?.at ?? null,
        change.resolution?.timeToCloseSeconds ?? null,
      ],
    );
  }

  async exception(tx: SqlExecutor, exceptionId: string): Promise<ExceptionRow | undefined> {
    return (await this.exceptionsWhere(tx, 'exception_id = $1', [exceptionId]))[0];
  }

  /** The fund's exceptions in the run, most material first. */
  async exceptionsOfFund(tx: SqlExecutor, runId: string, fundId: string): Promise<ExceptionRow[]> {
    return this.exceptionsWhere(tx, 'run_id = $1 AND fund_id = $2 ORDER BY materiality DESC, exception_id', [
      runId,
      fundId,
    ]);
  }

  private async exceptionsWhere(tx: SqlExecutor, where: string, params: unknown[]): Promise<ExceptionRow[]> {
    const { rows } = await tx.query<Record<string, unknown>>(
      `SELECT * FROM ${this.s}.exceptions WHERE ${where}`,
      params,
    );
    return rows.map(exceptionRow);
  }

  async recordAlert(tx: SqlExecutor, alert: AlertRaisedV1): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.s}.alerts (alert_id, run_id, fund_id, severity, score, alert)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [
        alert.alertId,
        alert.runId,
        alert.fundId,
        alert.severity,
        alert.materiality.total,
        JSON.stringify(alert),
      ],
    );
  }

  async alertsOfFund(tx: SqlExecutor, runId: string, fundId: string): Promise<AlertRaisedV1[]> {
    const { rows } = await tx.query<{ alert: AlertRaisedV1 }>(
      `SELECT alert FROM ${this.s}.alerts WHERE run_id = $1 AND fund_id = $2 ORDER BY score DESC, alert_id`,
      [runId, fundId],
    );
    return rows.map((row) => row.alert);
  }

  // ───────────── snapshots ─────────────

  /** Keeps the latest period's snapshot: a late publication of an older cycle does not replace it. */
  async recordSnapshot(
    tx: SqlExecutor,
    snapshot: FundSnapshot & { runId: string; publishedAt: string },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.s}.fund_snapshots (fund_id, snapshot_id, cycle_id, run_id, as_of, snapshot, published_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (fund_id) DO UPDATE SET snapshot_id = EXCLUDED.snapshot_id, cycle_id = EXCLUDED.cycle_id,
         run_id = EXCLUDED.run_id, as_of = EXCLUDED.as_of, snapshot = EXCLUDED.snapshot,
         published_at = EXCLUDED.published_at
       WHERE ${this.s}.fund_snapshots.as_of <= EXCLUDED.as_of`,
      [
        snapshot.fundId,
        snapshot.snapshotId,
        snapshot.cycleId,
        snapshot.runId,
        snapshot.asOf,
        JSON.stringify(snapshot),
        snapshot.publishedAt,
      ],
    );
  }

  /** The fund's last approved snapshot from a cycle before `asOf`. */
  async snapshotBefore(
    tx: SqlExecutor,
    fundId: string,
    asOf: string,
  ): Promise<(FundSnapshot & { runId: string }) | undefined> {
    const { rows } = await tx.query<{ snapshot: FundSnapshot; run_id: string }>(
      `SELECT snapshot, run_id FROM ${this.s}.fund_snapshots WHERE fund_id = $1 AND as_of < $2`,
      [fundId, asOf],
    );
    return rows.map((row) => ({ ...row.snapshot, runId: row.run_id }))[0];
  }
}

export function exceptionRow(row: Record<string, unknown>): ExceptionRow {
  return {
    raised: row.raised as ExceptionRaisedV1,
    status: row.status as ExceptionRow['status'],
    ...(row.category !== null && { category: row.category as string }),
    ...(row.assignee !== null && { assignee: row.assignee as string }),
    ...(row.resolution !== null && { resolution: row.resolution as ExceptionResolvedV1 }),
    decisions: row.decisions as Decision[],
    ...(row.resolved_at !== null && { resolvedAt: instant(row.resolved_at) }),
    ...(row.time_to_close_seconds !== null && { timeToCloseSeconds: row.time_to_close_seconds as number }),
  };
}
