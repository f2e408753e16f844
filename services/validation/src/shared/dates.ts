/*
 * Calendar arithmetic on ISO dates (YYYY-MM-DD) and instants, in UTC: a date is a day, never a
 * moment in a local time zone, so the same inputs give the same answers on every machine.
 */

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** The last day of the month before the month of `date`. */
export function previousMonthEnd(date: string): string {
  const firstOfMonth = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, 1);
  return new Date(firstOfMonth - DAY_MS).toISOString().slice(0, 10);
}

export function addHours(instant: string, hours: number): string {
  return new Date(Date.parse(instant) + hours * 3_600_000).toISOString();
}

export function secondsBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
}

export function latestDate(dates: readonly string[]): string | undefined {
  return dates.reduce<string | undefined>(
    (latest, date) => (latest === undefined || date > latest ? date : latest),
    undefined,
  );
}
