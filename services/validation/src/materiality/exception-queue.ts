import type { Severity } from '../policies/policy-types';
import { Dec } from '../shared/decimal';
import { compareText } from '../shared/ordering';
import type { Materiality } from './materiality-score';

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { high: 0, medium: 1, low: 2 };

interface Queued {
  exceptionId: string;
  blocking: boolean;
  materiality: Materiality;
}

/**
 * The exception queue, most material first: total score, then severity, then blocking ones,
 * then id, so the order is total and the same on every replay.
 */
export function rankExceptionQueue<T extends Queued>(exceptions: readonly T[]): T[] {
  return [...exceptions].sort(
    (a, b) =>
      new Dec(b.materiality.total).comparedTo(a.materiality.total) ||
      SEVERITY_ORDER[a.materiality.severity] - SEVERITY_ORDER[b.materiality.severity] ||
      Number(b.blocking) - Number(a.blocking) ||
      compareText(a.exceptionId, b.exceptionId),
  );
}
