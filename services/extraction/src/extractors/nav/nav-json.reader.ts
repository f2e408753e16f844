import type { FundReference } from '../../claims/claim';
import { jsonPointer, jsonScalarText, parseJsonLossless } from '../../claims/locators/json-resolver';
import { findNamedColumns } from './nav-columns';
import { navFailure, type RawNavPoint, type RawNavSeries } from './nav-points';

const CURRENCY = /^[A-Z]{3}$/;
const ISIN = /^[A-Z]{2}[A-Z0-9]{9}\d$/;

/**
 * Reads a NAV series from JSON, numbers kept exactly as written: either parallel arrays
 * `{ "dates": [...], "values": [...] }` (optionally with `currency`, `isin` and `name`) or an
 * array of objects whose keys name a date and a NAV field.
 */
export function readNavJson(text: string): RawNavSeries {
  const document = parse(text);
  if (Array.isArray(document)) return readRecords(document);
  if (isRecord(document) && Array.isArray(document.dates) && Array.isArray(document.values)) {
    return { ...readParallelArrays(document.dates, document.values), ...seriesIdentity(document) };
  }
  throw navFailure(
    'EXTRACTION_UNSUPPORTED_LAYOUT',
    'JSON is neither { dates: [], values: [] } nor an array of objects.',
    'Send the series as { "dates": [...], "values": [...] } or as [{ "date": ..., "nav": ... }].',
  );
}

function parse(text: string): unknown {
  try {
    return parseJsonLossless(text);
  } catch (error) {
    throw navFailure(
      'EXTRACTION_MALFORMED_JSON',
      `Malformed JSON: ${(error as Error).message}`,
      'The artefact is not valid JSON; fetch it again from its source.',
    );
  }
}

function readParallelArrays(dates: unknown[], values: unknown[]): RawNavSeries {
  if (dates.length !== values.length) {
    throw navFailure(
      'EXTRACTION_UNSUPPORTED_LAYOUT',
      `dates has ${dates.length} entries but values has ${values.length}.`,
      'Each date needs exactly one value at the same index.',
      { dates: dates.length, values: values.length },
    );
  }
  return {
    points: dates.map((date, index): RawNavPoint => ({
      date: jsonScalarText(date) ?? '',
      value: jsonScalarText(values[index]) ?? null,
      locator: { kind: 'json', pointer: jsonPointer(['values', index]) },
    })),
  };
}

/** The currency, ISIN and name a series file states about itself (Captor's export does). */
function seriesIdentity(document: Record<string, unknown>): Omit<RawNavSeries, 'points'> {
  const { currency, isin, name } = document;
  const fund: FundReference = {};
  if (typeof isin === 'string' && ISIN.test(isin)) fund.isin = isin;
  if (typeof name === 'string' && name.trim() !== '') fund.name = name.trim();
  return {
    ...(typeof currency === 'string' && CURRENCY.test(currency) ? { currency } : {}),
    ...(Object.keys(fund).length > 0 ? { fund } : {}),
  };
}

function readRecords(records: unknown[]): RawNavSeries {
  const first = records[0];
  if (!isRecord(first)) {
    throw navFailure(
      'EXTRACTION_UNSUPPORTED_LAYOUT',
      'The JSON array does not hold objects.',
      'Send the series as [{ "date": ..., "nav": ... }].',
    );
  }
  const keys = Object.keys(first);
  const columns = findNamedColumns(keys);
  if (!columns) {
    throw navFailure(
      'EXTRACTION_UNSUPPORTED_LAYOUT',
      `No date field among: ${keys.join(', ')}.`,
      'Name the fields date and nav (or price).',
      { keys },
    );
  }
  const [dateKey, valueKey] = [keys[columns.date], keys[columns.value]];
  return {
    points: records.map((record, index) => {
      const fields = isRecord(record) ? record : {};
      return {
        date: jsonScalarText(fields[dateKey]) ?? '',
        value: jsonScalarText(fields[valueKey]) ?? null,
        locator: { kind: 'json', pointer: jsonPointer([index, valueKey]) },
      };
    }),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
