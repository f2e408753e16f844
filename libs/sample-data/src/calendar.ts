/** Month and business-day arithmetic on ISO dates (UTC, no time zones involved). */

const DAY_MS = 86_400_000;

export const isoDay = (date: Date) => date.toISOString().slice(0, 10);

const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);

export function addDays(iso: string, days: number): string {
  return isoDay(new Date(utc(iso).getTime() + days * DAY_MS));
}

/** `2026-10` plus `months` (may be negative). */
export function addMonths(period: string, months: number): string {
  const [year, month] = period.split('-').map(Number);
  const index = year * 12 + (month - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Last calendar day of a `YYYY-MM` period. */
export function monthEnd(period: string): string {
  const [year, month] = period.split('-').map(Number);
  return isoDay(new Date(Date.UTC(year, month, 0)));
}

export const isWeekday = (iso: string) => ![0, 6].includes(utc(iso).getUTCDay());

/** Last weekday of a period: the day funds strike their month-end NAV. */
export function lastBusinessDay(period: string): string {
  let day = monthEnd(period);
  while (!isWeekday(day)) day = addDays(day, -1);
  return day;
}

/** Weekdays from `from` to `to`, both included. */
export function businessDays(from: string, to: string): string[] {
  const days: string[] = [];
  const last = utc(to).getTime();
  for (let time = utc(from).getTime(); time <= last; time += DAY_MS) {
    const date = new Date(time);
    if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6) days.push(isoDay(date));
  }
  return days;
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `2026-10-30` → `30 October 2026`, as factsheets print dates. */
export function longDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  return `${day} ${MONTH_NAMES[month - 1]} ${year}`;
}
