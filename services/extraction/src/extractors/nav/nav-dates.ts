import { navFailure } from './nav-points';

export type NavDateFormat = 'YYYY-MM-DD' | 'DD/MM/YYYY' | 'MM/DD/YYYY';

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
// Day-month forms with '/', '-' or '.' between the parts.
const DAY_MONTH = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

/** Whether a cell looks like a date in one of the supported forms (used to tell a header row from data). */
export function looksLikeDate(text: string): boolean {
  return ISO.test(text.trim()) || DAY_MONTH.test(text.trim());
}

/**
 * Decides how a series writes its dates. DD/MM versus MM/DD is read from the data: a first part
 * above 12 means day-first, a second part above 12 means month-first. When no value tells them
 * apart the caller must say which it is: guessing would silently swap days and months. Cells in
 * no date form at all are left for the caller to report as unreadable rows.
 */
export function detectDateFormat(dates: readonly string[], declared?: NavDateFormat): NavDateFormat {
  if (declared) return declared;
  const trimmed = dates.map((d) => d.trim());
  const iso = trimmed.filter((d) => ISO.test(d));
  const dayMonth = trimmed.map((d) => DAY_MONTH.exec(d)).filter((parts) => parts !== null);
  if (iso.length > 0 && dayMonth.length > 0) {
    throw navFailure(
      'EXTRACTION_UNSUPPORTED_LAYOUT',
      `The series mixes YYYY-MM-DD (${iso[0]}) with day-month dates (${dayMonth[0][0]}).`,
      'Write every date of the series in one format.',
      { examples: [iso[0], dayMonth[0][0]] },
    );
  }
  if (iso.length > 0) return 'YYYY-MM-DD';
  if (dayMonth.length === 0) {
    throw navFailure(
      'EXTRACTION_UNSUPPORTED_LAYOUT',
      `No date in a supported format, e.g. "${trimmed[0]}".`,
      'Use YYYY-MM-DD, DD/MM/YYYY or MM/DD/YYYY.',
      { example: trimmed[0] },
    );
  }
  const dayFirst = dayMonth.some((parts) => Number(parts[1]) > 12);
  const monthFirst = dayMonth.some((parts) => Number(parts[2]) > 12);
  if (dayFirst && monthFirst) {
    throw navFailure(
      'EXTRACTION_UNSUPPORTED_LAYOUT',
      'Dates put values above 12 in both the first and the second part.',
      'The series mixes DD/MM/YYYY and MM/DD/YYYY; correct the source file.',
    );
  }
  if (dayFirst) return 'DD/MM/YYYY';
  if (monthFirst) return 'MM/DD/YYYY';
  throw navFailure(
    'EXTRACTION_AMBIGUOUS_DATE_FORMAT',
    'Every date has both parts at or below 12: DD/MM/YYYY and MM/DD/YYYY both fit.',
    "Say which format the file uses (option dateFormat: 'DD/MM/YYYY' or 'MM/DD/YYYY').",
    { examples: trimmed.slice(0, 3) },
  );
}

/** The ISO date for a source date in the given format, or null when it is not a real calendar date. */
export function toIsoDate(text: string, format: NavDateFormat): string | null {
  const trimmed = text.trim();
  const match = format === 'YYYY-MM-DD' ? ISO.exec(trimmed) : DAY_MONTH.exec(trimmed);
  if (!match) return null;
  const [year, month, day] =
    format === 'YYYY-MM-DD'
      ? [match[1], match[2], match[3]]
      : format === 'DD/MM/YYYY'
        ? [match[3], match[2], match[1]]
        : [match[3], match[1], match[2]];
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : null;
}
