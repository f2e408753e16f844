import Decimal from 'decimal.js';
import type { TypedBlank } from '../../claims/claim';
import type { FindatexValueType } from './findatex-template';

/**
 * A cell as the file holds it. Numbers keep their decimal text: the literal text of a JSON number, the
 * text of a CSV field, or for XLSX (whose numeric cells are IEEE doubles) the shortest text that
 * identifies the stored double.
 */
export type RawCell =
  | { kind: 'empty' }
  | { kind: 'number'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'date'; iso: string };

export type FindatexValue =
  | { value: string; blank?: undefined; unreadable?: undefined }
  | { value: null; blank: TypedBlank; unreadable: boolean };

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;
const EXPONENT = /^[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+$/i;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const NOT_AVAILABLE = /^(n\/?a|n\.a\.?)$/i;
const MASK = /^X{4,}$/;

/**
 * Reads one FinDatEx value: empty cells, `N/A`, an empty quoted string (`""`, which some producers write
 * for "no text") and masks become typed blanks; decimals keep the digits the file states (decimal comma
 * and exponent spellings are normalised without rounding); dates must be ISO 8601, a timestamp keeps its
 * date. A value that cannot be read is a blank flagged as unreadable, never a guess.
 */
export function readFindatexValue(cell: RawCell, valueType: FindatexValueType): FindatexValue {
  if (cell.kind === 'empty') return blank('missing', 'the field is empty', false);
  if (cell.kind === 'date') {
    return valueType === 'decimal'
      ? blank('missing', `a date where a number belongs: ${cell.iso}`, true)
      : { value: cell.iso };
  }
  const text = cell.text.trim();
  if (text === '') return blank('missing', 'the field is empty', false);
  if (text === '""') return blank('missing', 'the field holds an empty quoted string', false);
  if (NOT_AVAILABLE.test(text)) return blank('missing', `the file states "${text}"`, false);
  if (MASK.test(text)) return blank('suppressed', 'the value is masked', false);
  switch (valueType) {
    case 'decimal':
      return readDecimal(text);
    case 'date':
      return readDate(text);
    case 'code':
    case 'text':
      return { value: text };
  }
}

export function readDecimal(text: string): FindatexValue {
  if (EXPONENT.test(text)) return { value: new Decimal(text).toFixed() };
  const normalised = DECIMAL_COMMA.test(text) ? text.replace(',', '.') : text;
  const match = DECIMAL.exec(normalised);
  if (!match || (match[2] === '' && !match[3]))
    return blank('missing', `not a decimal number: "${text}"`, true);
  const [, sign, whole, fraction] = match;
  const digits = fraction ? `${whole || '0'}.${fraction}` : whole;
  return { value: sign === '-' && !/^[0.]+$/.test(digits) ? `-${digits}` : digits };
}

function readDate(text: string): FindatexValue {
  const match = ISO_DATE.exec(text);
  if (!match || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    return blank('missing', `not an ISO 8601 date: "${text}"`, true);
  }
  return { value: `${match[1]}-${match[2]}-${match[3]}` };
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The decimal text of a double as JavaScript prints it shortest, without exponent notation. */
export function doubleToDecimalText(value: number): string {
  return new Decimal(value).toFixed();
}

function blank(kind: TypedBlank['kind'], reason: string, unreadable: boolean): FindatexValue {
  return { value: null, blank: { kind, reason }, unreadable };
}
