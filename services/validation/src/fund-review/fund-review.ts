import type { AlertRaisedV1, FundReviewException, GetFundReviewReply } from '@fai/contracts';
import { applyResolution } from '../fields/resolve-field';
import type { Field } from '../fields/field';
import type { ExceptionRow, FundReviewRow, RunRow } from '../infrastructure/validation-tables';

/** The fund's fields with the reviewers' resolutions applied: what the memo reports and the snapshot keeps. */
export function reviewedFields(fields: readonly Field[], exceptions: readonly ExceptionRow[]): Field[] {
  const resolutions = new Map(
    exceptions.flatMap((row) =>
      row.raised.fieldKey !== undefined && row.resolution?.resolution
        ? [[row.raised.fieldKey, row] as const]
        : [],
    ),
  );
  return fields.map((field) => {
    const row = resolutions.get(field.key);
    return row?.resolution ? applyResolution(field, row.raised.exceptionId, row.resolution) : field;
  });
}

/** GetFundReview's reply from the fund's review row, its exceptions and alerts, and its run. */
export function fundReview(
  review: FundReviewRow,
  run: RunRow,
  exceptions: readonly ExceptionRow[],
  alerts: readonly AlertRaisedV1[],
): GetFundReviewReply {
  return {
    portfolioId: review.portfolioId,
    cycleId: review.cycleId,
    runId: review.runId,
    fundId: review.fundId,
    asOf: review.asOf,
    baseline: review.baseline,
    ...(review.priorSnapshot && { priorSnapshot: review.priorSnapshot }),
    policies: run.policies!,
    completeness: review.completeness,
    fields: reviewedFields(review.fields, exceptions),
    checks: review.checks,
    deltas: review.deltas,
    exceptions: exceptions.map((row): FundReviewException => ({
      exceptionId: row.raised.exceptionId,
      kind: row.raised.kind,
      severity: row.raised.severity,
      blocking: row.raised.blocking,
      status: row.status,
      materialityScore: row.raised.materiality.total,
      summary: row.raised.title,
      ...(row.raised.fieldKey !== undefined && { fieldKey: row.raised.fieldKey }),
      ...(row.assignee !== undefined && { assignee: row.assignee }),
      claimIds: row.raised.evidenceClaimIds,
      decisions: row.decisions,
    })),
    alerts: alerts.map((alert) => ({
      alertId: alert.alertId,
      summary: alert.title,
      score: alert.materiality.total,
      severity: alert.severity,
      ...(alert.exceptionId !== undefined && { exceptionId: alert.exceptionId }),
      ...(alert.subject.kind === 'delta' && { deltaId: alert.subject.id }),
    })),
  };
}
