import type Decimal from 'decimal.js';
import { daysBetween } from './calendar-dates';
import type { KpiWindow } from './kpi-windows';

/** end NAV / start NAV − 1 over the window. */
export function cumulativeReturn(window: KpiWindow): Decimal {
  return window.end.value.div(window.start.value).minus(1);
}

/**
 * Compound annual rate over the calendar days the return really spans (start NAV date to end NAV
 * date): (1 + R)^(daysPerYear / days) − 1.
 */
export function annualisedReturn(cumulative: Decimal, window: KpiWindow, daysPerYear: Decimal): Decimal {
  const days = daysBetween(window.start.date, window.end.date);
  return cumulative.plus(1).pow(daysPerYear.div(days)).minus(1);
}
