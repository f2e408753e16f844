import type { FundReference, Locator, TypedBlank } from '../../claims/claim';
import { ExtractionFailedError, type ExtractionFailureCode } from '../../claims/extraction-errors';

export const NAV_EXTRACTOR_ID = 'nav-history';

/** One point of a NAV series as the source states it, with where it states the value. */
export interface RawNavPoint {
  date: string;
  value: string | null;
  locator: Locator;
}

/**
 * What a reader found in the artefact: the points, the benchmark levels stated beside them (named
 * by their column), and the currency and fund when the artefact names them.
 */
export interface RawNavSeries {
  points: RawNavPoint[];
  benchmark?: { name: string; points: RawNavPoint[] };
  currency?: string;
  fund?: FundReference;
}

export type NavValue =
  | { value: string; blank?: undefined; unreadable: false }
  | { value: null; blank: TypedBlank; unreadable: boolean };

export type DecimalMark = '.' | ',';

/** Plain and digit-grouped numbers for each decimal mark; the other mark groups thousands. */
const NUMBER_FORMS: Record<DecimalMark, { plain: RegExp; grouped: RegExp; separator: RegExp }> = {
  '.': { plain: /^-?\d+(\.\d+)?$/, grouped: /^-?\d{1,3}(,\d{3})+(\.\d+)?$/, separator: /,/g },
  ',': { plain: /^-?\d+(,\d+)?$/, grouped: /^-?\d{1,3}(\.\d{3})+(,\d+)?$/, separator: /\./g },
};
const NOT_STATED = /^(|-|n\/?a|null|nan)$/i;
const COMMA_GROUPED_INTEGER = /^-?\d{1,3}(,\d{3})+$/;

/**
 * A NAV as a decimal string, digits as stated: thousands separators are dropped and a decimal
 * comma becomes a point; no binary float is ever involved.
 */
export function readNavValue(raw: string | null, mark: DecimalMark): NavValue {
  const text = compact(raw);
  if (NOT_STATED.test(text)) {
    return {
      value: null,
      blank: { kind: 'missing', reason: 'no NAV stated for this date' },
      unreadable: false,
    };
  }
  const form = NUMBER_FORMS[mark];
  if (form.plain.test(text) || form.grouped.test(text)) {
    const digits = text.replace(form.separator, '');
    return { value: mark === ',' ? digits.replace(',', '.') : digits, unreadable: false };
  }
  return { value: null, blank: { kind: 'missing', reason: `not a number: "${text}"` }, unreadable: true };
}

/**
 * Which mark separates decimals in a series, read from its values like the date format: a value
 * with both marks puts the decimal one last, a point anywhere means points, a comma not followed
 * by groups of three digits means commas. Values like "1,500" alone could be either: the caller
 * must say.
 */
export function detectDecimalMark(raws: ReadonlyArray<string | null>, declared?: DecimalMark): DecimalMark {
  if (declared) return declared;
  const texts = raws.map(compact);
  const both = texts.find((t) => t.includes('.') && t.includes(','));
  if (both) return both.lastIndexOf(',') > both.lastIndexOf('.') ? ',' : '.';
  if (texts.some((t) => t.includes('.'))) return '.';
  const commas = texts.filter((t) => t.includes(','));
  if (commas.length === 0) return '.';
  if (commas.some((t) => !COMMA_GROUPED_INTEGER.test(t))) return ',';
  throw navFailure(
    'EXTRACTION_AMBIGUOUS_DECIMAL_MARK',
    `Every number with a comma has groups of three digits after it (e.g. "${commas[0]}"): thousands or decimals?`,
    "Say which mark separates decimals (option decimalMark: '.' or ',').",
    { examples: commas.slice(0, 3) },
  );
}

function compact(raw: string | null): string {
  return (raw ?? '').replace(/\s/g, '');
}

export function navFailure(
  code: ExtractionFailureCode,
  message: string,
  hint: string,
  details: Record<string, unknown> = {},
): ExtractionFailedError {
  return new ExtractionFailedError(code, message, hint, { extractorId: NAV_EXTRACTOR_ID, ...details });
}
