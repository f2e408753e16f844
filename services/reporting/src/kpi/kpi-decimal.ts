import Decimal from 'decimal.js';
import type { KpiConfig } from './kpi-config';

/** The decimal constructor a configuration prescribes: a private clone, so no global setting changes results. */
export type KpiDecimal = typeof Decimal;

export function decimalFor(arithmetic: KpiConfig['arithmetic']): KpiDecimal {
  return Decimal.clone({ precision: arithmetic.precision, rounding: Decimal[arithmetic.rounding] });
}

/** A figure as written to the snapshot: fixed places, rounded as configured, never `-0`. */
export function figureText(value: Decimal, arithmetic: KpiConfig['arithmetic']): string {
  const text = value.toFixed(arithmetic.outputDecimalPlaces);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}
