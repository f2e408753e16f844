import type Decimal from 'decimal.js';
import { isIsoDate } from './calendar-dates';
import type { KpiDecimal } from './kpi-decimal';
import { KpiInputInvalidError, KpiNavDateConflictError } from './kpi-errors';

/** One NAV (or benchmark level) as supplied: a date and a decimal string. */
export interface NavPoint {
  date: string;
  value: string;
}

export interface NavObservation {
  date: string;
  value: Decimal;
}

/** A series ready for KPIs: ascending dates, one observation per date, positive values. */
export type NavSeries = readonly NavObservation[];

const DECIMAL_TEXT = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Orders the points by date (input order carries no meaning), keeps identical repeats once
 * (real NAV files repeat rows) and refuses two different values for one date.
 */
export function toNavSeries(points: readonly NavPoint[], series: string, D: KpiDecimal): NavSeries {
  const byDate = new Map<string, NavObservation>();
  points.forEach((point, index) => {
    const observation = readPoint(point, index, series, D);
    const seen = byDate.get(observation.date);
    if (seen && !seen.value.equals(observation.value))
      throw new KpiNavDateConflictError(series, observation.date, [
        seen.value.toFixed(),
        observation.value.toFixed(),
      ]);
    byDate.set(observation.date, observation);
  });
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

function readPoint(point: NavPoint, index: number, series: string, D: KpiDecimal): NavObservation {
  if (typeof point.date !== 'string' || !isIsoDate(point.date))
    throw new KpiInputInvalidError(series, `point ${index} has date ${String(point.date)}`, { index });
  const text = typeof point.value === 'string' ? point.value.trim() : '';
  if (!DECIMAL_TEXT.test(text))
    throw new KpiInputInvalidError(
      series,
      `point ${index} (${point.date}) has value ${String(point.value)}`,
      { index },
    );
  const value = new D(text);
  if (value.lte(0))
    throw new KpiInputInvalidError(series, `point ${index} (${point.date}) is not positive: ${text}`, {
      index,
    });
  return { date: point.date, value };
}

/** The observations on or before `date`: later NAVs cannot influence a snapshot dated `date`. */
export function upTo(series: NavSeries, date: string): NavSeries {
  return series.filter((observation) => observation.date <= date);
}

/** The last observation on or before `date`, if any. */
export function lastOnOrBefore(series: NavSeries, date: string): NavObservation | undefined {
  let found: NavObservation | undefined;
  for (const observation of series) {
    if (observation.date > date) break;
    found = observation;
  }
  return found;
}

/** Canonical text of a series: dates ascending, values normalised ("101.50" and "101.5" are one input). */
export function canonicalSeries(series: NavSeries): Array<[string, string]> {
  return series.map((observation) => [observation.date, observation.value.toFixed()]);
}
