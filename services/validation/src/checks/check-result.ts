import type { CHECK_STATUSES } from '@fai/contracts';
import type { ExceptionKind, ExceptionPolicy } from '../policies/policy-types';
import { fixed, type Dec } from '../shared/decimal';

export type CheckStatus = (typeof CHECK_STATUSES)[number];
export type CheckRule =
  | 'source_admission'
  | 'freshness'
  | 'cross_source'
  | 'completeness'
  | 'holdings_sum'
  | 'balance_sheet'
  | 'return_vs_nav'
  | 'net_asset_change'
  | 'share_class_totals'
  | 'redemption_notice';

/** One evaluation of one rule, with the numbers it compared. */
export interface CheckResult {
  checkId: string;
  rule: CheckRule;
  status: CheckStatus;
  subject?: string;
  message: string;
  evidenceClaimIds: string[];
  /** Decimal strings: values, expectations, deviations, tolerances. */
  measures: Record<string, string>;
}

/** A finding that becomes an exception once the run gives it an id, a score and an SLA. */
export interface ExceptionCandidate {
  kind: ExceptionKind;
  policy: ExceptionPolicy;
  title: string;
  /** What it is about, stable across cycles (check family or field key): persistence counts on it. */
  subject: string;
  checkId?: string;
  fieldKey?: string;
  deltaId?: string;
  evidenceClaimIds: string[];
  details: Record<string, unknown>;
  /** How many tolerances a measured deviation is away: drives the magnitude dimension. */
  deviationRatio?: string;
  suggestion?: { claimId: string; value: string; unit: string; reason: string };
  /** For a conflict: the disputed statements a reviewer may choose from. */
  choices?: Array<{
    claimId: string;
    value: string;
    unit: string;
    asOf: string;
    extractorId: string;
    artefactSha256: string;
  }>;
}

export interface CheckOutcome {
  results: CheckResult[];
  exceptions: ExceptionCandidate[];
}

export const NO_OUTCOME: CheckOutcome = { results: [], exceptions: [] };

export function merge(outcomes: readonly CheckOutcome[]): CheckOutcome {
  return {
    results: outcomes.flatMap((outcome) => outcome.results),
    exceptions: outcomes.flatMap((outcome) => outcome.exceptions),
  };
}

/** Measures as text: decimals with all their digits, text as given; absent ones are left out. */
export function measures(values: Record<string, Dec | string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values)
      .filter((entry): entry is [string, Dec | string] => entry[1] !== undefined)
      .map(([name, value]) => [name, typeof value === 'string' ? value : value.toFixed()]),
  );
}

/** deviation / tolerance, as text; a zero tolerance makes any deviation count as far out. */
export function deviationRatio(deviation: Dec, tolerance: Dec): string {
  return tolerance.isZero() ? (deviation.isZero() ? '0' : '1000') : fixed(deviation.div(tolerance));
}

/** A consistency check's failure: a contradiction exception about the check. */
export function contradiction(
  result: CheckResult,
  policy: ExceptionPolicy,
  subject: string,
  details: Record<string, unknown>,
  ratio?: string,
): ExceptionCandidate {
  return {
    kind: 'contradiction',
    policy,
    title: result.message,
    subject,
    checkId: result.checkId,
    evidenceClaimIds: result.evidenceClaimIds,
    details: { rule: result.rule, ...result.measures, ...details },
    ...(ratio !== undefined && { deviationRatio: ratio }),
  };
}
