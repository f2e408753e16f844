import { InvalidPeriodError } from '@fai/contracts';
import { DateTime } from 'luxon';

/**
 * A period is the reported month, `YYYY-MM`. Its cycle is due in the month after it (the data for
 * October exists only once October is over), so period 2026-10 is opened in November 2026.
 */
export type Period = string;

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isPeriod(value: string): value is Period {
  return PERIOD.test(value);
}

export function assertPeriod(value: string): Period {
  if (!isPeriod(value)) throw new InvalidPeriodError(value);
  return value;
}

/** The first day of the period's month, as a calendar date in `zone`. */
export function periodStart(period: Period, zone: string): DateTime {
  const [, year, month] = PERIOD.exec(assertPeriod(period))!;
  return DateTime.fromObject({ year: Number(year), month: Number(month), day: 1 }, { zone });
}

export function nextPeriod(period: Period): Period {
  return periodStart(period, 'UTC').plus({ months: 1 }).toFormat('yyyy-MM');
}

/** Periods compare as strings because they are zero-padded `YYYY-MM`. */
export function laterPeriod(a: Period, b: Period): Period {
  return a > b ? a : b;
}
