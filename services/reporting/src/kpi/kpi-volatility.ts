import type Decimal from 'decimal.js';
import { daysBetween, minusDays, minusMonths } from './calendar-dates';
import type { PeriodicReturnType, VolatilityFrequency } from './kpi-config';
import type { KpiWindow } from './kpi-windows';
import { lastOnOrBefore, type NavObservation, type NavSeries } from './nav-series';

/**
 * The NAVs returns are taken between: every observation for daily returns (a holiday is not a
 * period); for weekly and monthly returns the last NAV on or before each period end, stepping back
 * from the snapshot date while the period end stays inside the window (no stub period).
 */
export function periodEnds(window: KpiWindow, frequency: VolatilityFrequency): NavSeries {
  if (frequency === 'daily') return window.observations;
  const ends: NavObservation[] = [];
  for (let step = 0; ; step += 1) {
    const date =
      frequency === 'weekly'
        ? minusDays(window.calendarEnd, 7 * step)
        : minusMonths(window.calendarEnd, step);
    if (date < window.calendarStart) return ends;
    const end = lastOnOrBefore(window.observations, date);
    if (end && end.date !== ends[0]?.date) ends.unshift(end);
  }
}

/** Periodic returns between consecutive period-end NAVs: simple (v₁/v₀ − 1) or log (ln(v₁/v₀)). */
export function periodicReturns(ends: NavSeries, type: PeriodicReturnType): Decimal[] {
  return ends.slice(1).map((observation, index) => {
    const ratio = observation.value.div(ends[index].value);
    return type === 'log' ? ratio.ln() : ratio.minus(1);
  });
}

/** Sample standard deviation (n − 1) scaled by √(periods per year). Needs at least two returns. */
export function annualisedVolatility(returns: readonly Decimal[], periodsPerYear: Decimal): Decimal {
  const mean = sum(returns).div(returns.length);
  const squares = sum(returns.map((value) => value.minus(mean).pow(2)));
  return squares
    .div(returns.length - 1)
    .sqrt()
    .mul(periodsPerYear.sqrt());
}

function sum(values: readonly Decimal[]): Decimal {
  return values.reduce((total, value) => total.plus(value));
}

/** The longest run of calendar days between consecutive observations. */
export function largestGapDays(series: NavSeries): number {
  return series
    .slice(1)
    .reduce(
      (largest, observation, index) => Math.max(largest, daysBetween(series[index].date, observation.date)),
      0,
    );
}
