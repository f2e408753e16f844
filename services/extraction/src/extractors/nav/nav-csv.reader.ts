import { CsvError } from 'csv-parse/sync';
import { readCsvRecords } from '../../claims/locators/csv-resolver';
import { findNamedColumns, type NavColumns } from './nav-columns';
import { looksLikeDate } from './nav-dates';
import { navFailure, type RawNavPoint, type RawNavSeries } from './nav-points';

// A cell that reads as a number with either decimal mark: enough to tell the NAV column of a headerless file.
const NUMBER = /^-?[\d.,\s]*\d$/;

/**
 * Reads a NAV table from CSV: a header naming the date and NAV columns in any order, or no
 * header at all (`DD/MM/YYYY,NAV`), in which case the first row's cells tell which column holds
 * dates and which holds numbers.
 */
export function readNavCsv(text: string): RawNavSeries {
  const records = parseRecords(text);
  if (records.length === 0) {
    throw navFailure(
      'EXTRACTION_EMPTY_ARTEFACT',
      'The CSV has no rows.',
      'Send the NAV history file itself.',
    );
  }
  const headerless = records[0].some(looksLikeDate);
  const columns = headerless ? unnamedColumns(records[0]) : findNamedColumns(records[0]);
  if (!columns) {
    throw navFailure(
      'EXTRACTION_UNSUPPORTED_LAYOUT',
      `No date column in the header: ${records[0].join(', ')}.`,
      'Name the columns (e.g. Date,NAV) or send the file as DD/MM/YYYY,NAV without a header.',
      { header: records[0] },
    );
  }
  const firstDataRow = headerless ? 0 : 1;
  const rows = records.slice(firstDataRow);
  const column = (at: number): RawNavPoint[] =>
    rows.map((record, index) => ({
      date: record[columns.date] ?? '',
      value: record[at] ?? null,
      locator: { kind: 'csv', row: firstDataRow + index + 1, column: at + 1 },
    }));
  const { benchmark } = columns;
  return {
    points: column(columns.value),
    ...(benchmark === undefined
      ? {}
      : { benchmark: { name: records[0][benchmark].trim(), points: column(benchmark) } }),
  };
}

function parseRecords(text: string): string[][] {
  try {
    return readCsvRecords(text);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw navFailure(
      'EXTRACTION_MALFORMED_CSV',
      `Malformed CSV: ${error.message}`,
      'Check quoting in the file around the reported line.',
      { line: error.lines, csvCode: error.code },
    );
  }
}

function unnamedColumns(firstRow: readonly string[]): NavColumns {
  const date = firstRow.findIndex(looksLikeDate);
  const value = firstRow.findIndex((cell, index) => index !== date && NUMBER.test(cell));
  if (value === -1) {
    throw navFailure(
      'EXTRACTION_UNSUPPORTED_LAYOUT',
      `The first row has a date but no number: ${firstRow.join(',')}.`,
      'Send the file as DD/MM/YYYY,NAV or with a header naming the NAV column.',
      { row: firstRow },
    );
  }
  return { date, value };
}
