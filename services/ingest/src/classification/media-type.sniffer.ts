import { extname } from 'node:path';
import { MEDIA_TYPES, type MediaType } from './artefact-classification';
import { ArtefactTypeMismatchError } from './inspection-errors';

/** How much of the start of a file sniffing looks at. */
export const SNIFF_BYTES = 8 * 1024;

const PDF_MAGIC = Buffer.from('%PDF-');
// PDF readers accept junk before the header within the first KiB, so attackers and broken tools use it.
const PDF_HEADER_WINDOW = 1024;
const ZIP_LOCAL_HEADER = Buffer.from('PK\x03\x04', 'latin1');
const ZIP_EMPTY_ARCHIVE = Buffer.from('PK\x05\x06', 'latin1');
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const CSV_DELIMITERS = [',', ';', '\t', '|'];

/**
 * The media type of a file from its first bytes: magic numbers for PDF and ZIP (an OOXML workbook
 * when its first entries are `[Content_Types].xml` or under `xl/`; the archive's directory confirms
 * it later), then, for text, the first character (XML, JSON) or the shape of the first lines (CSV).
 * The file name only tells YAML from plain text, which the bytes cannot.
 */
export function sniffMediaType(head: Buffer, fileName: string): MediaType {
  if (head.subarray(0, PDF_HEADER_WINDOW).includes(PDF_MAGIC)) return MEDIA_TYPES.pdf;
  if (startsWith(head, ZIP_LOCAL_HEADER)) return looksLikeWorkbook(head) ? MEDIA_TYPES.xlsx : MEDIA_TYPES.zip;
  if (startsWith(head, ZIP_EMPTY_ARCHIVE)) return MEDIA_TYPES.zip;
  if (isBinary(head)) return MEDIA_TYPES.binary;
  const text = head
    .subarray(startsWith(head, UTF8_BOM) ? UTF8_BOM.length : 0)
    .toString('utf8')
    .trimStart();
  if (/^<!doctype\s+html|^<html[\s>]/i.test(text)) return MEDIA_TYPES.html;
  if (text.startsWith('<')) return MEDIA_TYPES.xml;
  if (/^[[{]/.test(text)) return MEDIA_TYPES.json;
  if (/\.ya?ml$/i.test(fileName) || /^(%YAML|---\s)/.test(text)) return MEDIA_TYPES.yaml;
  if (csvDelimiter(text)) return MEDIA_TYPES.csv;
  return MEDIA_TYPES.text;
}

/** The delimiter that splits the first lines into the same number of fields (at least two), if any. */
export function csvDelimiter(text: string): string | undefined {
  const lines = text.split(/\r?\n/).slice(0, 11);
  // The last line of a head is usually cut short: judge it only when it is all there is.
  const sample = (lines.length > 1 ? lines.slice(0, -1) : lines).filter((line) => line.trim() !== '');
  if (sample.length === 0) return undefined;
  return CSV_DELIMITERS.find((delimiter) => {
    const counts = sample.map((line) => line.split(delimiter).length - 1);
    const agreeing = counts.filter((count) => count === counts[0]).length;
    return counts[0] > 0 && agreeing >= Math.ceil(sample.length * 0.8);
  });
}

/** Refuses a file whose declared content type or file extension says something its bytes are not. */
export function assertDeclaredTypeMatches(
  sniffed: MediaType,
  declaredMediaType: string | undefined,
  fileName: string,
): void {
  const declared = normaliseMediaType(declaredMediaType);
  if (declared && !declarationFits(sniffed, declared))
    throw new ArtefactTypeMismatchError(declared, sniffed, 'content type');
  const extension = extname(fileName).slice(1).toLowerCase();
  const expected = EXTENSIONS[extension];
  if (expected && !expected.includes(sniffed))
    throw new ArtefactTypeMismatchError(`.${extension}`, sniffed, 'file extension');
}

const TEXTUAL: MediaType[] = [
  MEDIA_TYPES.csv,
  MEDIA_TYPES.json,
  MEDIA_TYPES.yaml,
  MEDIA_TYPES.text,
  MEDIA_TYPES.xml,
];
const ZIP_DECLARATIONS = ['application/zip', 'application/x-zip-compressed'];

/** Content types clients really send for each kind of content (browsers label CSV as Excel, for one). */
const DECLARATIONS: Record<MediaType, string[]> = {
  [MEDIA_TYPES.pdf]: ['application/pdf', 'application/x-pdf'],
  [MEDIA_TYPES.xml]: ['application/xml', 'text/xml', 'text/plain'],
  [MEDIA_TYPES.xlsx]: [
    MEDIA_TYPES.xlsx,
    'application/vnd.ms-excel',
    'application/vnd.ms-excel.sheet.macroenabled.12',
    ...ZIP_DECLARATIONS,
  ],
  [MEDIA_TYPES.zip]: ZIP_DECLARATIONS,
  [MEDIA_TYPES.json]: ['application/json', 'text/json', 'text/plain'],
  [MEDIA_TYPES.yaml]: ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain'],
  [MEDIA_TYPES.csv]: [
    'text/csv',
    'application/csv',
    'text/comma-separated-values',
    'text/tab-separated-values',
    'application/vnd.ms-excel',
    'text/plain',
  ],
  [MEDIA_TYPES.html]: ['text/html', 'application/xhtml+xml'],
  [MEDIA_TYPES.text]: ['text/plain'],
  [MEDIA_TYPES.binary]: [],
};
const KNOWN_DECLARATIONS = new Set(Object.values(DECLARATIONS).flat());
const UNDECLARED = new Set(['application/octet-stream', 'binary/octet-stream', 'application/unknown']);

const EXTENSIONS: Record<string, MediaType[]> = {
  pdf: [MEDIA_TYPES.pdf],
  xml: [MEDIA_TYPES.xml],
  xsd: [MEDIA_TYPES.xml],
  xlsx: [MEDIA_TYPES.xlsx],
  xlsm: [MEDIA_TYPES.xlsx],
  zip: [MEDIA_TYPES.zip, MEDIA_TYPES.xlsx],
  json: [MEDIA_TYPES.json],
  yaml: [MEDIA_TYPES.yaml],
  yml: [MEDIA_TYPES.yaml],
  csv: [MEDIA_TYPES.csv, MEDIA_TYPES.text],
  tsv: [MEDIA_TYPES.csv, MEDIA_TYPES.text],
  html: [MEDIA_TYPES.html],
  htm: [MEDIA_TYPES.html],
  txt: [...TEXTUAL, MEDIA_TYPES.html],
};

function declarationFits(sniffed: MediaType, declared: string): boolean {
  if (DECLARATIONS[sniffed].includes(declared)) return true;
  if (KNOWN_DECLARATIONS.has(declared)) return false;
  if (declared.endsWith('+xml')) return sniffed === MEDIA_TYPES.xml;
  if (declared.endsWith('+json')) return sniffed === MEDIA_TYPES.json;
  if (declared.startsWith('text/')) return TEXTUAL.includes(sniffed);
  // A binary type we have no signature for (image/png, application/msword): only content we do know contradicts it.
  return sniffed === MEDIA_TYPES.binary;
}

function normaliseMediaType(value: string | undefined): string | undefined {
  const type = value?.split(';')[0].trim().toLowerCase();
  return type && !UNDECLARED.has(type) ? type : undefined;
}

// The first entry's name follows the 30 fixed bytes of its local header.
const FIRST_ENTRY_NAME = 30;

/** A first guess from the local headers in the head; the archive's directory decides (see zip.inspector). */
function looksLikeWorkbook(head: Buffer): boolean {
  return (
    head.includes('[Content_Types].xml') ||
    head.subarray(FIRST_ENTRY_NAME, FIRST_ENTRY_NAME + 3).toString('latin1') === 'xl/'
  );
}

function startsWith(bytes: Buffer, prefix: Buffer): boolean {
  return bytes.length >= prefix.length && bytes.subarray(0, prefix.length).equals(prefix);
}

/** NUL bytes, or many control characters, do not occur in text. */
function isBinary(head: Buffer): boolean {
  if (head.includes(0)) return true;
  let controls = 0;
  for (const byte of head)
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) controls += 1;
  return controls > head.length * 0.1;
}
