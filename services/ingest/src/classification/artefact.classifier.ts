import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { ArtefactEmptyError } from '@fai/artefact-store';
import {
  MEDIA_TYPES,
  unrecognised,
  type ArtefactClassification,
  type MediaType,
  type NonRecognition,
  type Recognition,
} from './artefact-classification';
import { validateFileName } from './file-name.validator';
import { recogniseFindatexRecords, recogniseFindatexRows, type FieldRecord } from './findatex.classifier';
import { assertDeclaredTypeMatches, csvDelimiter, sniffMediaType, SNIFF_BYTES } from './media-type.sniffer';
import { recogniseNavJson, recogniseNavRows } from './nav-history.classifier';
import { classifyXml } from './nport.classifier';
import { classifyPdfText } from './pdf-document.classifier';
import { inspectPdf, type PdfInspectionLimits } from './pdf.inspector';
import { findWorkbook, readFirstSheetRows } from './xlsx-sheet.reader';
import { DEFAULT_ZIP_LIMITS, openZipArchive, type ZipLimits } from './zip.inspector';

/** One artefact as it came in: the whole content (already bounded by the ingest size limit). */
export interface ArtefactSample {
  fileName: string;
  content: Buffer;
  /** The content type the client claimed; checked against the content, never trusted. */
  declaredMediaType?: string;
}

export interface ClassificationLimits {
  zip: ZipLimits;
  pdf: PdfInspectionLimits;
  /** CSV rows read to recognise the document. */
  maxRows: number;
}

export const DEFAULT_CLASSIFICATION_LIMITS: ClassificationLimits = {
  zip: DEFAULT_ZIP_LIMITS,
  pdf: { textPages: 3, timeoutMs: 30_000, maxHeapMb: 512 },
  maxRows: 100_000,
};

// A workbook's header and its first records, or a template's column of field names, sit in its first rows.
const SHEET_ROWS = 2_000;

type Classified = Recognition | NonRecognition;

/**
 * Checks an artefact and says what it is. Refuses, with a typed error and before anything is
 * stored, what must never be kept: a bad file name, empty content, content that contradicts its
 * declared type or extension, malformed or DOCTYPE-carrying XML, an unreadable or password-protected
 * PDF, a zip bomb. Everything else is classified; what is not recognised comes back as `unknown`
 * with a reason, to be kept and raised to an operator.
 */
export async function classifyArtefact(
  sample: ArtefactSample,
  limits: ClassificationLimits = DEFAULT_CLASSIFICATION_LIMITS,
): Promise<ArtefactClassification> {
  const { fileName, content, declaredMediaType } = sample;
  validateFileName(fileName);
  if (content.length === 0) throw new ArtefactEmptyError();
  const sniffed = sniffMediaType(content.subarray(0, SNIFF_BYTES), fileName);

  if (sniffed === MEDIA_TYPES.pdf) {
    assertDeclaredTypeMatches(sniffed, declaredMediaType, fileName);
    const pdf = await inspectPdf(content, limits.pdf);
    return result(sniffed, classifyPdfText(pdf), pdf.pages);
  }
  if (sniffed === MEDIA_TYPES.xlsx || sniffed === MEDIA_TYPES.zip) return classifyArchive(sample, limits);
  assertDeclaredTypeMatches(sniffed, declaredMediaType, fileName);
  switch (sniffed) {
    case MEDIA_TYPES.xml:
      return result(sniffed, classifyXml(content));
    case MEDIA_TYPES.json:
      return classifyJson(content);
    case MEDIA_TYPES.yaml:
      return result(sniffed, classifyYaml(content));
    case MEDIA_TYPES.csv:
      return result(sniffed, classifyCsv(content, limits.maxRows));
    case MEDIA_TYPES.html:
      return result(sniffed, unrecognised('an HTML page'));
    case MEDIA_TYPES.text:
      return result(sniffed, unrecognised('plain text in no recognised layout'));
    default:
      return result(sniffed, unrecognised('binary content of no recognised format'));
  }
}

async function classifyArchive(
  { fileName, content, declaredMediaType }: ArtefactSample,
  limits: ClassificationLimits,
): Promise<ArtefactClassification> {
  const archive = await openZipArchive(content, limits.zip);
  try {
    const workbook = await findWorkbook(archive);
    const mediaType = workbook ? MEDIA_TYPES.xlsx : MEDIA_TYPES.zip;
    assertDeclaredTypeMatches(mediaType, declaredMediaType, fileName);
    if (!workbook) return result(mediaType, unrecognised('a ZIP archive that holds no workbook'));
    const rows = await readFirstSheetRows(archive, workbook, SHEET_ROWS);
    return result(
      mediaType,
      recogniseFindatexRows(rows) ??
        recogniseNavRows(rows) ??
        unrecognised('a workbook whose first sheet is no FinDatEx template or NAV history'),
    );
  } finally {
    archive.close();
  }
}

function classifyJson(content: Buffer): ArtefactClassification {
  let value: unknown;
  try {
    value = JSON.parse(content.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    return result(
      MEDIA_TYPES.text,
      unrecognised(`text that starts like JSON but does not parse (${(error as Error).message})`),
    );
  }
  return result(MEDIA_TYPES.json, recogniseStructured(value) ?? unrecognised('JSON in no recognised layout'));
}

function classifyYaml(content: Buffer): Classified {
  try {
    // Alias expansion is capped by the parser's default maxAliasCount, which defuses "billion laughs".
    return (
      recogniseStructured(parseYaml(content.toString('utf8'))) ?? unrecognised('YAML in no recognised layout')
    );
  } catch (error) {
    return unrecognised(`YAML that does not parse (${(error as Error).message})`);
  }
}

function classifyCsv(content: Buffer, maxRows: number): Classified {
  const text = content.toString('utf8');
  let rows: string[][];
  try {
    rows = parseCsv(text, {
      delimiter: csvDelimiter(text.slice(0, SNIFF_BYTES)) ?? ',',
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      to: maxRows,
    }) as string[][];
  } catch (error) {
    return unrecognised(`CSV that does not parse (${(error as Error).message})`);
  }
  return (
    recogniseFindatexRows(rows) ??
    recogniseNavRows(rows) ??
    unrecognised('CSV whose columns are no FinDatEx template or NAV history')
  );
}

/** JSON or YAML: FinDatEx rows as an array of records, or a NAV series. */
function recogniseStructured(value: unknown): Recognition | undefined {
  const records = Array.isArray(value)
    ? value.filter((item): item is FieldRecord => typeof item === 'object' && item !== null)
    : [];
  return (records.length > 0 ? recogniseFindatexRecords(records) : undefined) ?? recogniseNavJson(value);
}

function result(mediaType: MediaType, classified: Classified, pages?: number): ArtefactClassification {
  const shared = { mediaType, ...(pages !== undefined ? { pages } : {}) };
  if (classified.documentType === 'unknown')
    return { documentType: 'unknown', identifiers: { isin: [] }, reason: classified.reason, ...shared };
  return { ...classified, ...shared };
}
