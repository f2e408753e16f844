import type ExcelJS from 'exceljs';
import type { Locator } from '../../claims/claim';
import { ExtractionFailedError } from '../../claims/extraction-errors';
import { readCsvRecords } from '../../claims/locators/csv-resolver';
import { jsonPointer, jsonScalarText, parseJsonLossless } from '../../claims/locators/json-resolver';
import { fieldCode } from './findatex-template';
import { doubleToDecimalText, type RawCell } from './findatex-values';
import { loadWorkbookSafely } from './safe-xlsx';

export interface FindatexCell {
  raw: RawCell;
  locator: Locator;
}

/** One data row: cells by field number (`5`, `00030`), with the 1-based row as the file counts it. */
export interface FindatexRow {
  label: string;
  cells: ReadonlyMap<string, FindatexCell>;
}

/** Any FinDatEx file in the official layout: one header of field names (or numbers), one row per line. */
export interface FindatexTable {
  format: 'json' | 'csv' | 'xlsx';
  /** Field numbers in the header, in file order. */
  fieldCodes: readonly string[];
  rows: readonly FindatexRow[];
}

const ZIP_MAGIC = Buffer.from('PK\u0003\u0004', 'latin1');
/** The header row is looked for among the first rows of a sheet (title rows may precede it). */
const HEADER_SEARCH_ROWS = 10;
/** A header has at least this many cells that read as FinDatEx field names. */
const MIN_HEADER_FIELDS = 3;

/**
 * Reads JSON rows (objects keyed by field names), CSV or XLSX into one table shape, each cell with the
 * locator that finds it again. The format is sniffed from the bytes, never from a file name.
 */
export async function readFindatexTable(bytes: Buffer, extractorId: string): Promise<FindatexTable> {
  if (bytes.subarray(0, 4).equals(ZIP_MAGIC))
    return readXlsx(await loadWorkbookSafely(bytes, extractorId), extractorId);
  const text = bytes.toString('utf8');
  if (/^[\s\uFEFF]*\[/.test(text)) return readJsonRows(text, extractorId);
  if (text.includes('\u0000'))
    throw layoutError(extractorId, 'The file is binary but not an XLSX workbook.', {});
  return readCsv(text, extractorId);
}

function readJsonRows(text: string, extractorId: string): FindatexTable {
  let document: unknown;
  try {
    document = parseJsonLossless(text);
  } catch (error) {
    throw new ExtractionFailedError(
      'EXTRACTION_MALFORMED_JSON',
      `Malformed JSON: ${(error as Error).message}`,
      'Check that the file is complete JSON.',
      { extractorId },
    );
  }
  if (!Array.isArray(document) || !document.every(isPlainObject)) {
    throw layoutError(extractorId, 'JSON FinDatEx files are an array of objects keyed by field names.', {});
  }
  // Rows repeat the same keys: read each key's field number and pointer segment once.
  const keys = new Map<string, { code: string | undefined; segment: string }>();
  const keyInfo = (key: string) =>
    keys.get(key) ?? keys.set(key, { code: fieldCode(key), segment: jsonPointer([key]) }).get(key)!;
  const codes = new Set<string>();
  const rows = document.map((record, index): FindatexRow => {
    const cells = new Map<string, FindatexCell>();
    for (const [key, value] of Object.entries(record)) {
      const { code, segment } = keyInfo(key);
      if (!code) continue;
      if (cells.has(code))
        throw layoutError(extractorId, `Row ${index + 1} names field ${code} twice.`, {
          row: index + 1,
          field: code,
        });
      codes.add(code);
      cells.set(code, { raw: jsonCell(value), locator: { kind: 'json', pointer: `/${index}${segment}` } });
    }
    return { label: `row ${index + 1}`, cells };
  });
  return { format: 'json', fieldCodes: [...codes], rows };
}

function jsonCell(value: unknown): RawCell {
  const text = jsonScalarText(value);
  if (text === null || text === undefined) return { kind: 'empty' };
  return typeof value === 'string' ? { kind: 'text', text } : { kind: 'number', text };
}

function readCsv(text: string, extractorId: string): FindatexTable {
  let records: string[][];
  try {
    records = readCsvRecords(text);
  } catch (error) {
    throw new ExtractionFailedError(
      'EXTRACTION_MALFORMED_CSV',
      `Malformed CSV: ${(error as Error).message}`,
      'Check quoting in the file around the reported line.',
      { extractorId },
    );
  }
  const [header = [], ...data] = records;
  const columns = headerCodes(header, extractorId, 'CSV header (row 1)');
  const rows = data.map((record, index): FindatexRow => {
    const row = index + 2;
    const cells = new Map<string, FindatexCell>();
    columns.forEach((code, column) => {
      if (code === undefined) return;
      const text = record[column] ?? '';
      cells.set(code, {
        raw: text === '' ? { kind: 'empty' } : { kind: 'text', text },
        locator: { kind: 'csv', row, column: column + 1 },
      });
    });
    return { label: `row ${row}`, cells };
  });
  return { format: 'csv', fieldCodes: columns.filter((c): c is string => c !== undefined), rows };
}

function readXlsx(workbook: ExcelJS.Workbook, extractorId: string): FindatexTable {
  for (const sheet of workbook.worksheets) {
    const headerRow = findHeaderRow(sheet);
    if (headerRow === undefined) continue;
    const header = sheet.getRow(headerRow);
    const columns = headerCodes(
      Array.from({ length: header.cellCount }, (_, i) => cellText(header.getCell(i + 1))),
      extractorId,
      `${sheet.name} row ${headerRow}`,
    );
    const rows: FindatexRow[] = [];
    for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      if (!row.hasValues) continue;
      const cells = new Map<string, FindatexCell>();
      columns.forEach((code, index) => {
        if (code === undefined) return;
        const cell = row.getCell(index + 1);
        cells.set(code, {
          raw: xlsxCell(cell),
          locator: { kind: 'cell', sheet: sheet.name, cell: cell.address },
        });
      });
      rows.push({ label: `${sheet.name}!${r}`, cells });
    }
    return { format: 'xlsx', fieldCodes: columns.filter((c): c is string => c !== undefined), rows };
  }
  throw layoutError(
    extractorId,
    `No sheet has a header row of FinDatEx field names within its first ${HEADER_SEARCH_ROWS} rows.`,
    {
      sheets: workbook.worksheets.map((s) => s.name),
    },
  );
}

function findHeaderRow(sheet: ExcelJS.Worksheet): number | undefined {
  for (let r = 1; r <= Math.min(sheet.rowCount, HEADER_SEARCH_ROWS); r++) {
    const row = sheet.getRow(r);
    let named = 0;
    row.eachCell((cell) => {
      if (fieldCode(cellText(cell)) !== undefined) named += 1;
    });
    if (named >= MIN_HEADER_FIELDS) return r;
  }
  return undefined;
}

/** Field number per column (undefined for columns that are not FinDatEx fields); a field named twice is refused. */
function headerCodes(
  header: readonly string[],
  extractorId: string,
  where: string,
): Array<string | undefined> {
  const seen = new Set<string>();
  return header.map((name) => {
    const code = fieldCode(name);
    if (code === undefined) return undefined;
    if (seen.has(code))
      throw layoutError(extractorId, `The ${where} names field ${code} twice.`, { field: code });
    seen.add(code);
    return code;
  });
}

/** A workbook cell as FinDatEx reads it; shared with the cell locator resolver so both see the same value. */
export function xlsxCell(cell: ExcelJS.Cell): RawCell {
  const value = resultOf(cell.value);
  if (value === null || value === undefined) return { kind: 'empty' };
  if (value instanceof Date) return { kind: 'date', iso: value.toISOString().slice(0, 10) };
  if (typeof value === 'number') return { kind: 'number', text: doubleToDecimalText(value) };
  if (typeof value === 'boolean') return { kind: 'text', text: value ? 'Y' : 'N' };
  return { kind: 'text', text: String(value) };
}

/** Formula cells count by their cached result, rich text by its plain text, hyperlinks by their text. */
function resultOf(value: ExcelJS.CellValue): string | number | boolean | Date | null | undefined {
  if (value === null || value === undefined || typeof value !== 'object' || value instanceof Date)
    return value;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value)
    return resultOf((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('hyperlink' in value) return value.text;
  if ('error' in value) return undefined;
  return undefined;
}

function cellText(cell: ExcelJS.Cell): string {
  const value = resultOf(cell.value);
  return value === null || value === undefined ? '' : String(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function layoutError(
  extractorId: string,
  message: string,
  details: Record<string, unknown>,
): ExtractionFailedError {
  return new ExtractionFailedError(
    'EXTRACTION_UNSUPPORTED_LAYOUT',
    message,
    'Send the file in the official FinDatEx layout: one header row of field names (e.g. 5_Net_asset_valuation...) and one row per position or share class.',
    { extractorId, ...details },
  );
}
