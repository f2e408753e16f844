import { Dec, HUNDRED, parseDecimal } from '../shared/decimal';
import type { ValidationClaim } from './validation-claim';

/*
 * Reading claim values for comparison. Percentages come as percent (0.15 = 0.15 %), ratio
 * (0.0015) or basis points (15): all compare in percent. Amounts compare only in the same
 * currency (no FX here). Text compares with case and spacing folded; codes and dates exactly.
 */

const PERCENT_FAMILY = new Set(['percent', 'ratio', 'bps']);
const NON_NUMERIC_UNITS = new Set(['date', 'text']);

export type ComparableValue =
  | { kind: 'number'; value: Dec; unit: string }
  | { kind: 'text'; value: string; unit: string }
  | { kind: 'none' };

export function isPercentUnit(unit: string): boolean {
  return PERCENT_FAMILY.has(unit);
}

/** The value in its comparison unit: percent for the percentage family, the claim's unit otherwise. */
export function comparable(claim: Pick<ValidationClaim, 'value' | 'unit'>): ComparableValue {
  if (claim.value === null) return { kind: 'none' };
  if (NON_NUMERIC_UNITS.has(claim.unit))
    return { kind: 'text', value: foldText(claim.value), unit: claim.unit };
  const number = parseDecimal(claim.value);
  if (number === undefined) return { kind: 'text', value: foldText(claim.value), unit: claim.unit };
  return isPercentUnit(claim.unit)
    ? { kind: 'number', value: toPercent(number, claim.unit), unit: 'percent' }
    : { kind: 'number', value: number, unit: claim.unit };
}

export function numericValue(claim: Pick<ValidationClaim, 'value' | 'unit'>): Dec | undefined {
  const value = comparable(claim);
  return value.kind === 'number' ? value.value : undefined;
}

export function toPercent(value: Dec, unit: string): Dec {
  if (unit === 'ratio') return value.times(HUNDRED);
  if (unit === 'bps') return value.div(HUNDRED);
  return value;
}

function foldText(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The claim's confidence as a decimal (it arrives as a JSON number). */
export function confidenceOf(claim: Pick<ValidationClaim, 'confidence'>): Dec {
  return new Dec(String(claim.confidence));
}
