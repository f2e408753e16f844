/** Dates as documents write them, turned into ISO `YYYY-MM-DD`; anything doubtful gives `undefined`. */

/** Which number comes first in `01/02/2024`: European and Indian documents put the day first. */
export type DayMonthOrder = 'day-first' | 'month-first';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';

/** A date written any of the ways fund documents write one, as a regular expression source. */
export const DATE_PATTERN = `\\d{4}-\\d{2}-\\d{2}|\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{4}|${DAY}[\\s-]+${MONTH}[\\s,-]+\\d{4}|${MONTH}\\s+${DAY},?\\s+\\d{4}`;

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/;
const NUMERIC = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const DAY_MONTH_NAME = new RegExp(`^${DAY}[\\s-]+${MONTH}[\\s,-]+(\\d{4})$`, 'i');
const MONTH_NAME_DAY = new RegExp(`^${MONTH}\\s+${DAY},?\\s+(\\d{4})$`, 'i');

export function parseDocumentDate(raw: string, order: DayMonthOrder = 'day-first'): string | undefined {
  const text = raw.trim().replace(/\s+/g, ' ');
  let match = ISO.exec(text);
  if (match) return isoDate(+match[1], +match[2], +match[3]);
  match = NUMERIC.exec(text);
  if (match)
    return order === 'day-first'
      ? isoDate(+match[3], +match[2], +match[1])
      : isoDate(+match[3], +match[1], +match[2]);
  match = DAY_MONTH_NAME.exec(text);
  if (match) return isoDate(+match[3], monthNumber(match[2]), +match[1]);
  match = MONTH_NAME_DAY.exec(text);
  if (match) return isoDate(+match[3], monthNumber(match[1]), +match[2]);
  return undefined;
}

/** Reads `a/b/yyyy` dates of one file the way the file itself shows: a part above 12 can only be a day. */
export function inferDayMonthOrder(raws: Iterable<string>): DayMonthOrder {
  for (const raw of raws) {
    const match = NUMERIC.exec(raw.trim());
    if (match && +match[1] > 12) return 'day-first';
    if (match && +match[2] > 12) return 'month-first';
  }
  return 'day-first';
}

/** Excel's serial day numbers (1900 date system) for cells stored as dates. */
export function excelSerialDate(value: string): string | undefined {
  if (!/^\d{5}(\.\d+)?$/.test(value)) return undefined;
  const date = new Date(Date.UTC(1899, 11, 30) + Math.floor(Number(value)) * 86_400_000);
  return date.toISOString().slice(0, 10);
}

export function latestDate(dates: Iterable<string>): string | undefined {
  let latest: string | undefined;
  for (const date of dates) if (!latest || date > latest) latest = date;
  return latest;
}

/** The date a document repeats most; the latest of equally frequent ones. */
export function mostFrequentDate(dates: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const date of dates) counts.set(date, (counts.get(date) ?? 0) + 1);
  let best: string | undefined;
  for (const [date, count] of counts) {
    const bestCount = best ? counts.get(best)! : 0;
    if (count > bestCount || (count === bestCount && date > best!)) best = date;
  }
  return best;
}

function monthNumber(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

function isoDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid = year >= 1900 && year <= 2200 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return valid ? date.toISOString().slice(0, 10) : undefined;
}
