import { navFailure } from './nav-points';

// Most specific first: a "NAV" column wins over a "Close" or a generic "Value" column.
const VALUE_COLUMN_NAMES: readonly RegExp[] = [
  /\bnav\b|net.?asset.?value/i,
  /price|close|kurs/i,
  /^values?$/i,
];
const DATE_COLUMN_NAME = /date|^as.?of$|^day$|datum/i;
// A benchmark level beside the NAV ("Benchmark", "Index level", "BMK close"): never the fund's own value.
const BENCHMARK_COLUMN_NAME = /bench|\bindex\b|\bbmk\b/i;

/** The columns of a NAV table: dates, NAVs and, when the file states one, a benchmark level. */
export interface NavColumns {
  date: number;
  value: number;
  benchmark?: number;
}

/** Finds the date, NAV and benchmark columns of a table by their names, in any order. */
export function findNamedColumns(names: readonly string[]): NavColumns | null {
  const date = names.findIndex((name) => DATE_COLUMN_NAME.test(name.trim()));
  if (date === -1) return null;
  const benchmark = names.findIndex(
    (name, index) => index !== date && BENCHMARK_COLUMN_NAME.test(name.trim()),
  );
  for (const pattern of VALUE_COLUMN_NAMES) {
    const value = names.findIndex(
      (name, index) => index !== date && index !== benchmark && pattern.test(name.trim()),
    );
    if (value !== -1) return { date, value, ...(benchmark === -1 ? {} : { benchmark }) };
  }
  throw navFailure(
    'EXTRACTION_UNSUPPORTED_LAYOUT',
    `Found a date column but no NAV or price column among: ${names.join(', ')}.`,
    'Name the value column NAV, Price or Close, or send the file as DATE,NAV.',
    { columns: names },
  );
}
