import Decimal from 'decimal.js';

/**
 * Numbers and dates as documents print them, read into claim values: decimal strings with the digits
 * as printed ("11.00" stays "11.00"), thousands separators of any grouping ("3,71,207"), a leading
 * minus or accounting parentheses; a scale word ("2,525 Cr.") multiplies exactly. Shared by the
 * extractor and the pdf locator resolver, so both read a box the same way.
 */
export interface PrintedNumber {
  value: string;
  /** Power of ten the printed scale word stood for (crore = 7), 0 when none. */
  scale: number;
}

const SCALE_WORDS: ReadonlyArray<[RegExp, number]> = [
  [/^(cr|crs|crore|crores)\b/i, 7],
  [/^(lakh|lakhs|lac|lacs)\b/i, 5],
  [/^(bn|billion|billions)\b/i, 9],
  [/^(mn|mio|million|millions)\b/i, 6],
];

const NUMBER = /(\()?([-+\u2212]?)\s?(\d{1,3}(?:,\d{2,3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(\))?/;

export function parsePrintedNumber(text: string): PrintedNumber | undefined {
  const match = NUMBER.exec(text);
  if (!match) return undefined;
  const [whole, open, sign, digits, close] = match;
  const negative = sign === '-' || sign === '\u2212' || (open === '(' && close === ')');
  const plain = digits.replace(/,/g, '');
  const unsigned = plain.startsWith('.') ? `0${plain}` : plain;
  const after = text.slice(match.index + whole.length).trimStart();
  const scale = SCALE_WORDS.find(([word]) => word.test(after))?.[1] ?? 0;
  const scaled = scale === 0 ? unsigned : new Decimal(unsigned).times(new Decimal(10).pow(scale)).toFixed();
  return { value: negative && !/^[0.]+$/.test(scaled) ? `-${scaled}` : scaled, scale };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Numeric dates are ambiguous: a rule says which order its documents print. */
export type DateOrder = 'DMY' | 'MDY';

const DAY_MONTH_YEAR = /(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]{3,9})\.?,?[\s-]+(\d{4}|\d{2})\b/;
const MONTH_DAY_YEAR = /([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/;
const NUMERIC = /(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b/;
const ISO = /(\d{4})-(\d{2})-(\d{2})/;

/** The first date printed in the text, as ISO `YYYY-MM-DD`; undefined when none is a real calendar date. */
export function parsePrintedDate(text: string, order: DateOrder = 'DMY'): string | undefined {
  const iso = ISO.exec(text);
  if (iso) return isoDate(+iso[1], +iso[2], +iso[3]);
  const dmy = DAY_MONTH_YEAR.exec(text);
  if (dmy && monthOf(dmy[2])) return isoDate(fullYear(dmy[3]), monthOf(dmy[2])!, +dmy[1]);
  const mdy = MONTH_DAY_YEAR.exec(text);
  if (mdy && monthOf(mdy[1])) return isoDate(+mdy[3], monthOf(mdy[1])!, +mdy[2]);
  const numeric = NUMERIC.exec(text);
  if (numeric) {
    const [first, second] = [+numeric[1], +numeric[2]];
    return order === 'DMY' ? isoDate(+numeric[3], second, first) : isoDate(+numeric[3], first, second);
  }
  return undefined;
}

function monthOf(name: string): number | undefined {
  const index = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return index === -1 ? undefined : index + 1;
}

// Two-digit years in fund documents ("09-Mar-18") are this century's.
function fullYear(text: string): number {
  return text.length === 2 ? 2000 + Number(text) : Number(text);
}

function isoDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return undefined;
  return date.toISOString().slice(0, 10);
}
