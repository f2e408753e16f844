import { daysBetween, minusMonths } from './calendar-dates';
import type { KpiUnavailable, KpiUnavailableReason, WindowBounds } from './kpi-snapshot';
import { lastOnOrBefore, type NavObservation, type NavSeries } from './nav-series';

/**
 * A KPI window: it ends on the snapshot date and starts `months` calendar months earlier; each
 * bound stands on the last NAV on or before it (PRODUCT-SPEC §6 [DECISION]).
 */
export interface KpiWindow {
  calendarStart: string;
  /** the snapshot date */
  calendarEnd: string;
  start: NavObservation;
  end: NavObservation;
  /** the observations from `start` to `end`, both included */
  observations: NavSeries;
}

export interface WindowRules {
  months: number;
  minObservations: number;
  staleGapToleranceDays: number;
}

export type WindowResolution = { window: KpiWindow } | { unavailable: KpiUnavailable };

/** The window of `series` (already cut at `asOf`) or why it has none; a short history is never stretched. */
export function resolveWindow(
  series: NavSeries,
  asOf: string,
  rules: WindowRules,
  label: string,
): WindowResolution {
  const firstNavDate = series[0]?.date ?? null;
  const refuse = (reason: KpiUnavailableReason, detail: string): WindowResolution => ({
    unavailable: { value: null, reason, detail, firstNavDate },
  });
  const calendarStart = minusMonths(asOf, rules.months);
  const end = lastOnOrBefore(series, asOf);
  if (!end) return refuse('INSUFFICIENT_HISTORY', `${label} has no observation on or before ${asOf}`);
  if (daysBetween(end.date, asOf) > rules.staleGapToleranceDays)
    return refuse(
      'STALE_NAV',
      `last ${label} observation ${end.date} is more than ${rules.staleGapToleranceDays} days before ${asOf}`,
    );
  const start = lastOnOrBefore(series, calendarStart);
  if (!start)
    return refuse(
      'INSUFFICIENT_HISTORY',
      `${label} starts ${firstNavDate}, after the window start ${calendarStart}`,
    );
  if (daysBetween(start.date, calendarStart) > rules.staleGapToleranceDays)
    return refuse(
      'NAV_GAP',
      `last ${label} observation on or before ${calendarStart} is ${start.date}, more than ${rules.staleGapToleranceDays} days earlier`,
    );
  const observations = series.filter(
    (observation) => observation.date >= start.date && observation.date <= end.date,
  );
  if (observations.length < rules.minObservations)
    return refuse(
      'INSUFFICIENT_OBSERVATIONS',
      `${label} has ${observations.length} observations from ${start.date} to ${end.date}; ${rules.minObservations} required`,
    );
  return { window: { calendarStart, calendarEnd: asOf, start, end, observations } };
}

export function boundsOf(window: KpiWindow): WindowBounds {
  return { calendarStart: window.calendarStart, startDate: window.start.date, endDate: window.end.date };
}
