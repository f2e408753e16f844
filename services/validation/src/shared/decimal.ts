import Decimal from 'decimal.js';

/**
 * The one decimal type of the domain: money, percentages, tolerances and scores. A private clone
 * so no global setting elsewhere changes our results; 50 significant digits hold a sum of
 * thousands of amounts with 20-digit precision exactly.
 */
export const Dec = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_EVEN });
export type Dec = InstanceType<typeof Dec>;

const DECIMAL_TEXT = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** The value of a decimal string, or undefined when the text is not a number. */
export function parseDecimal(text: string | null | undefined): Dec | undefined {
  const trimmed = text?.trim();
  return trimmed && DECIMAL_TEXT.test(trimmed) ? new Dec(trimmed) : undefined;
}

/** A policy parameter: the schema already guarantees it is a decimal string. */
export function param(text: string): Dec {
  return new Dec(text);
}

export const ZERO = new Dec(0);
export const ONE = new Dec(1);
export const HUNDRED = new Dec(100);

export function clamp01(value: Dec): Dec {
  return Dec.min(ONE, Dec.max(ZERO, value));
}

export function sum(values: readonly Dec[]): Dec {
  return values.reduce((total, value) => total.plus(value), ZERO);
}

/** |a − b| / |reference|; zero against zero is no difference, anything against zero is total. */
export function relativeDifference(a: Dec, b: Dec, reference: Dec = b): Dec {
  const difference = a.minus(b).abs();
  if (reference.isZero()) return difference.isZero() ? ZERO : ONE;
  return difference.div(reference.abs());
}

/** Fixed-point text for records: scores and ratios keep four places, so replays compare equal. */
export function fixed(value: Dec, places = 4): string {
  return value.toFixed(places);
}

/** Shortest exact text of a computed amount (no exponent, no trailing zeros). */
export function plain(value: Dec): string {
  return value.toFixed();
}
