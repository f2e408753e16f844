import { parse } from 'csv-parse/sync';

/** Resolves a `{ row, column }` locator (both 1-based) to the cell's text: null when there is no such cell. */
export type CsvResolver = (cell: { row: number; column: number }) => string | null;

/**
 * The one way CSV artefacts are split into records, shared by the extractors that write csv
 * locators and by the resolver that checks them, so row numbers always agree. Row n is the n-th
 * non-empty record of the file, header included; quoted fields may span lines. The delimiter is
 * `,` unless the first non-empty line only has `;` or tabs (European exports).
 */
export function readCsvRecords(text: string): string[][] {
  return parse(text, {
    bom: true,
    delimiter: sniffDelimiter(text),
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
  }) as string[][];
}

function sniffDelimiter(text: string): string {
  const firstLine = text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  if (firstLine.includes(',')) return ',';
  if (firstLine.includes(';')) return ';';
  if (firstLine.includes('\t')) return '\t';
  return ',';
}

export function createCsvResolver(csv: Buffer | string): CsvResolver {
  const records = readCsvRecords(typeof csv === 'string' ? csv : csv.toString('utf8'));
  return ({ row, column }) => records[row - 1]?.[column - 1] ?? null;
}
