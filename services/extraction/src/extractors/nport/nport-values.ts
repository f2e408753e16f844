import type { TypedBlank } from '../../claims/claim';

/** How a field's text is read: decimals and dates are checked, codes and text are kept as stated. */
export type NportValueKind = 'decimal' | 'date' | 'text';

export type SourceValue =
  | { value: string; blank?: undefined; unreadable?: undefined }
  | { value: null; blank: TypedBlank; unreadable: boolean };

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// EDGAR replaces confidential values with a run of X (`<ccc>XXXXXXXX</ccc>`, `<documents>XXXX</documents>`).
const MASK = /^X{4,}$/;

/**
 * Reads one N-PORT value the way the filing states it: `N/A`, masks and empty elements become
 * typed blanks; decimals keep their digits (no binary floats), only `.15` / `+1` style spellings
 * are normalised; a value that cannot be read is a blank flagged as unreadable, never a guess.
 */
export function readNportValue(raw: string, kind: NportValueKind): SourceValue {
  const text = raw.trim();
  if (text === '') return blank('missing', 'the element is empty', false);
  if (text.toUpperCase() === 'N/A') return blank('missing', 'the filing states N/A', false);
  if (MASK.test(text)) return blank('suppressed', 'masked by EDGAR', false);
  switch (kind) {
    case 'decimal':
      return readDecimal(text);
    case 'date':
      return isIsoDate(text) ? { value: text } : blank('missing', `not an ISO date: "${text}"`, true);
    case 'text':
      return { value: text };
  }
}

function readDecimal(text: string): SourceValue {
  const match = DECIMAL.exec(text);
  if (!match || (match[2] === '' && !match[3]))
    return blank('missing', `not a decimal number: "${text}"`, true);
  const [, sign, whole, fraction] = match;
  const integer = whole === '' ? '0' : whole;
  const digits = fraction ? `${integer}.${fraction}` : integer;
  return { value: sign === '-' ? `-${digits}` : digits };
}

export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function blank(kind: TypedBlank['kind'], reason: string, unreadable: boolean): SourceValue {
  return { value: null, blank: { kind, reason }, unreadable };
}

/** The last day of each of the three months an N-PORT covers; the third month ends on the report date itself. */
export function reportingMonthEnds(reportDate: string): [string, string, string] {
  const [year, month] = reportDate.split('-').map(Number);
  // Day 0 of a month is the last day of the month before it.
  const endOf = (monthsBack: number) =>
    new Date(Date.UTC(year, month - monthsBack, 0)).toISOString().slice(0, 10);
  return [endOf(2), endOf(1), reportDate];
}
