import { unrecognised, type NonRecognition, type Recognition } from './artefact-classification';
import { excelSerialDate, mostFrequentDate, parseDocumentDate } from './document-dates';
import { distinctIsins } from './fund-identifiers';

/** One row of a FinDatEx file: field name (e.g. `6_Valuation_date`) to value. */
export type FieldRecord = Readonly<Record<string, unknown>>;

interface FindatexTemplate {
  documentType: 'findatex-tpt' | 'findatex-ept' | 'findatex-emt';
  label: string;
  /** The shape of this template's field names; EPT and EMT number theirs alike, so the next two tell them apart. */
  fieldName: RegExp;
  version: RegExp;
  identifying: RegExp;
  /** Fields giving the date the file speaks as of, best first. */
  periodFields: RegExp[];
}

const TEMPLATES: FindatexTemplate[] = [
  {
    documentType: 'findatex-tpt',
    label: 'TPT',
    fieldName: /^\d{1,4}[a-z]?_/i,
    version: /^1000_TPT_Version$/i,
    identifying: /^1_Portfolio_identifying_data$/i,
    periodFields: [/^6_Valuation_date$/i, /^7_Reporting_date$/i],
  },
  {
    documentType: 'findatex-ept',
    label: 'EPT',
    fieldName: /^\d{5}_/,
    version: /^00001_EPT_Version$/i,
    identifying: /^00030_Portfolio_Identifying_Data$/i,
    // EU PRIIPs data has no reference date of its own: the KID it feeds is dated.
    periodFields: [/^00070_PRIIPs_KID_Publication_Date$/i, /^00005_File_Generation_Date_And_Time$/i],
  },
  {
    documentType: 'findatex-emt',
    label: 'EMT',
    fieldName: /^\d{5}_/,
    version: /^00001_EMT_Version$/i,
    identifying: /^00010_Financial_Instrument_Identifying_Data$/i,
    periodFields: [/^00050_General_Reference_Date$/i, /^00005_File_Generation_Date_And_Time$/i],
  },
];

const MIN_FIELDS = 3;
const HEADER_SEARCH_ROWS = 30;
// An ISIN or another code (with a digit, no spaces): what a template's definition columns never hold there.
const IDENTIFIER_CELL = /^(?=.*\d)[A-Z0-9][A-Z0-9._:-]{3,39}$/i;

/** The template whose version or identifying field is among `names`, next to a few more of its fields. */
function templateOf(names: readonly unknown[]): FindatexTemplate | undefined {
  const strings = names.filter((name): name is string => typeof name === 'string').map((name) => name.trim());
  return TEMPLATES.find(
    (template) =>
      strings.some((name) => template.version.test(name) || template.identifying.test(name)) &&
      strings.filter((name) => template.fieldName.test(name)).length >= MIN_FIELDS,
  );
}

/** FinDatEx data given as records (JSON, YAML, or rows under a header): type, ISINs and date. */
export function recogniseFindatexRecords(records: readonly FieldRecord[]): Recognition | undefined {
  const names = [...new Set(records.slice(0, 10).flatMap((record) => Object.keys(record)))];
  const template = templateOf(names);
  if (!template) return undefined;
  const identifying = names.find((name) => template.identifying.test(name.trim()));
  const isin = identifying ? distinctIsins(records.map((record) => record[identifying])) : [];
  for (const field of template.periodFields) {
    const name = names.find((candidate) => field.test(candidate.trim()));
    const dates = name
      ? records.map((record) => fieldDate(record[name])).filter((date): date is string => !!date)
      : [];
    const end = mostFrequentDate(dates);
    if (end) return { documentType: template.documentType, identifiers: { isin }, period: { end } };
  }
  return { documentType: template.documentType, identifiers: { isin } };
}

/**
 * FinDatEx data in a sheet or CSV: field names across a header row (one record per row below), or
 * down a column (one record per column to its right, the layout of single-share-class files). The
 * official templates list the fields down a column too, with definitions beside them: a column
 * counts as data only if its identifying cell holds a code (an ISIN, or a token with a digit).
 */
export function recogniseFindatexRows(rows: readonly string[][]): Recognition | NonRecognition | undefined {
  for (const header of rows.slice(0, HEADER_SEARCH_ROWS)) {
    if (!templateOf(header)) continue;
    const records = rows
      .slice(rows.indexOf(header) + 1)
      .filter((row) => row.some((cell) => cell.trim() !== ''))
      .map((row) => Object.fromEntries(header.map((name, column) => [name.trim(), row[column] ?? ''])));
    return recogniseFindatexRecords(records);
  }
  const width = widthOf(rows);
  for (let column = 0; column < width; column += 1) {
    const names = rows.map((row) => (row[column] ?? '').trim());
    const template = templateOf(names);
    if (!template) continue;
    const records = columnRecords(rows, names, column, template);
    if (records.length === 0)
      return unrecognised(`FinDatEx ${template.label} field definitions: a template without data`);
    return recogniseFindatexRecords(records);
  }
  return undefined;
}

function columnRecords(
  rows: readonly string[][],
  names: string[],
  column: number,
  template: FindatexTemplate,
): FieldRecord[] {
  const identifyingRow = names.findIndex((name) => template.identifying.test(name));
  const width = widthOf(rows);
  const records: FieldRecord[] = [];
  for (let data = column + 1; data < width; data += 1) {
    if (identifyingRow < 0 || !IDENTIFIER_CELL.test((rows[identifyingRow][data] ?? '').trim())) continue;
    records.push(
      Object.fromEntries(
        names.map((name, row) => [name, rows[row][data] ?? '']).filter(([name]) => name !== ''),
      ),
    );
  }
  return records;
}

// A reduce, not Math.max(...rows): a CSV's rows outnumber the arguments a call may take.
const widthOf = (rows: readonly string[][]) => rows.reduce((width, row) => Math.max(width, row.length), 0);

function fieldDate(value: unknown): string | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  return parseDocumentDate(text) ?? excelSerialDate(text);
}
