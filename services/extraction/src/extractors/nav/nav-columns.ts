import { navFailure } from './nav-points';

// Most specific first: a "NAV" column wins over a "Close" or a generic "Value" column.
const VALUE_COLUMN_NAMES: readonly RegExp[] = [
  /\bnav\b|net.?asset.?value/i,
  /price|close|kurs/i,
  /^values?$/i,
];
const DATE_COLUMN_NAME = /date|^as.?of$|^day$|datum/i;
// A benchmark level beside the NAV ("Benchmark", "Index level", "BMK close"), not a return or a percentage.
const BENCHMARK_COLUMN_NAME = /bench|\bindex\b|\bbmk\b/i;
const NOT_A_LEVEL = /return|perf|%|pct|percent|weight/i;

/** The columns of a NAV table: dates, NAVs and, when the file states one, a benchmark level. */
export interface NavColumns {
  date: number;
  value: number;
  benchmark?: number;
}

/**
 * Finds the date, NAV and benchmark columns of a table by their names, in any order. A column named
 * like a benchmark is the benchmark only beside another value column: alone ("NAV Index", "Price
 * Index") it is the fund's own series.
 */
export function findNamedColumns(names: readonly string[]): NavColumns | null {
  const date = names.findIndex((name) => DATE_COLUMN_NAME.test(name.trim()));
  if (date === -1) return null;
  const benchmark = names.findIndex(
    (name, index) =>
      index !== date && BENCHMARK_COLUMN_NAME.test(name.trim()) && !NOT_A_LEVEL.test(name.trim()),
  );
  const value = valueColumn(names, [date, benchmark]);
  if (value !== -1) return { date, value, ...(benchmark === -1 ? {} : { benchmark }) };
  const alone = valueColumn(names, [date]);
  if (alone !== -1) return { date, value: alone };
  throw navFailure(
    'EXTRACTION_UNSUPPORTED_LAYOUT',
    `Found a date column but no NAV or price column among: ${names.join(', ')}.`,
    'Name the value column NAV, Price or Close, or send the file as DATE,NAV.',
    { columns: names },
  );
}

function valueColumn(names: readonly string[], taken: readonly number[]): number {
  for (const pattern of VALUE_COLUMN_NAMES) {
    const value = names.findIndex((name, index) => !taken.includes(index) && pattern.test(name.trim()));
    if (value !== -1) return value;
  }
  return -1;
}
