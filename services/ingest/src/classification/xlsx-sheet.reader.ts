import { posix } from 'node:path';
import { readXml } from './safe-xml.reader';
import type { ZipArchive } from './zip.inspector';

const CONTENT_TYPES = '[Content_Types].xml';
const EMPTY_CELL = /<c\s[^>]*\/>/g;
const WORKBOOK_MAIN = /\.(sheet|template)\.main\+xml$|sheet\.macroEnabled\.main\+xml$/i;
const RELATIONSHIPS_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Where a workbook's parts are, as its package says (`[Content_Types].xml` and the workbook's relationships). */
export interface WorkbookParts {
  firstSheet: string;
  sharedStrings?: string;
}

/** The parts of the workbook in an OOXML package, or `undefined` when the package holds no workbook. */
export async function findWorkbook(archive: ZipArchive): Promise<WorkbookParts | undefined> {
  const contentTypes = await archive.read(CONTENT_TYPES);
  if (!contentTypes) return undefined;
  let workbook: string | undefined;
  readXml(
    contentTypes,
    {
      open: (path, tag) => {
        if (
          path.length === 2 &&
          tag.local === 'Override' &&
          WORKBOOK_MAIN.test(attribute(tag, 'ContentType') ?? '')
        ) {
          workbook ??= attribute(tag, 'PartName')?.replace(/^\//, '');
        }
      },
    },
    CONTENT_TYPES,
  );
  if (!workbook || !archive.names.has(workbook)) return undefined;

  const sheetIds: string[] = [];
  readXml(
    (await archive.read(workbook))!,
    {
      open: (path, tag) => {
        const id =
          path.length === 3 && path[1] === 'sheets' && tag.local === 'sheet'
            ? attribute(tag, 'id', RELATIONSHIPS_NS)
            : undefined;
        if (id) sheetIds.push(id);
      },
    },
    workbook,
  );

  const relsPath = posix.join(posix.dirname(workbook), '_rels', `${posix.basename(workbook)}.rels`);
  const targets = new Map<string, { type: string; target: string }>();
  const rels = await archive.read(relsPath);
  if (rels) {
    readXml(
      rels,
      {
        open: (path, tag) => {
          const [id, type, target] = [attribute(tag, 'Id'), attribute(tag, 'Type'), attribute(tag, 'Target')];
          if (path.length === 2 && id && type && target)
            targets.set(id, { type, target: resolvePart(workbook!, target) });
        },
      },
      relsPath,
    );
  }
  const firstSheet = sheetIds.length > 0 ? targets.get(sheetIds[0])?.target : undefined;
  if (!firstSheet) return undefined;
  const sharedStrings = [...targets.values()].find((rel) => rel.type.endsWith('/sharedStrings'))?.target;
  return { firstSheet, sharedStrings };
}

/**
 * The first `maxRows` rows of the workbook's first sheet as text cells (shared strings resolved,
 * numbers as written), read with the safe XML reader and stopped as soon as enough rows are in.
 * Far lighter than loading the workbook: the official EMT template takes seconds in a full reader.
 */
export async function readFirstSheetRows(
  archive: ZipArchive,
  parts: WorkbookParts,
  maxRows: number,
): Promise<string[][]> {
  const strings = parts.sharedStrings ? await readSharedStrings(archive, parts.sharedStrings) : [];
  const stored = await archive.read(parts.firstSheet);
  if (!stored) return [];
  // Formatted sheets hold hundreds of thousands of empty styled cells (`<c r="XFD9" s="6"/>`; the
  // official EMT template is 18 MiB of them); dropping them before parsing saves seconds.
  const sheet = Buffer.from(stored.toString('utf8').replace(EMPTY_CELL, ''));
  const rows: string[][] = [];
  let row: string[] | undefined;
  let cell: { column: number; type?: string; text: string[] } | undefined;
  readXml(
    sheet,
    {
      open: (_path, tag) => {
        if (tag.local === 'row') row = [];
        if (tag.local === 'c')
          cell = {
            column: columnIndex(attribute(tag, 'r')) ?? row?.length ?? 0,
            type: attribute(tag, 't'),
            text: [],
          };
      },
      text: (path, text) => {
        const element = path[path.length - 1];
        if (cell && (element === 'v' || (element === 't' && path.includes('is')))) cell.text.push(text);
      },
      close: (path) => {
        const element = path[path.length - 1];
        if (element === 'c' && cell && row) {
          const raw = cell.text.join('');
          if (raw !== '') row[cell.column] = cell.type === 's' ? (strings[Number(raw)] ?? '') : raw;
          cell = undefined;
        }
        if (element === 'row' && row) {
          rows.push(Array.from(row, (value) => value ?? ''));
          row = undefined;
        }
      },
      done: () => rows.length >= maxRows,
    },
    parts.firstSheet,
  );
  return rows.slice(0, maxRows);
}

async function readSharedStrings(archive: ZipArchive, part: string): Promise<string[]> {
  const bytes = await archive.read(part);
  const strings: string[] = [];
  let current: string[] | undefined;
  if (!bytes) return strings;
  readXml(
    bytes,
    {
      open: (_path, tag) => {
        if (tag.local === 'si') current = [];
      },
      // Phonetic runs (`rPh`) annotate East Asian text; they are not part of the cell's value.
      text: (path, text) => {
        if (current && path[path.length - 1] === 't' && !path.includes('rPh')) current.push(text);
      },
      close: (path) => {
        if (path[path.length - 1] === 'si' && current) {
          strings.push(current.join(''));
          current = undefined;
        }
      },
    },
    part,
  );
  return strings;
}

function attribute(
  tag: { attributes: Record<string, { local: string; uri: string; value: string }> },
  local: string,
  uri = '',
): string | undefined {
  return Object.values(tag.attributes).find((a) => a.local === local && a.uri === uri)?.value;
}

function resolvePart(from: string, target: string): string {
  return target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(posix.dirname(from), target));
}

const LAST_COLUMN = 16_383; // XFD, the widest sheet Excel allows

/** `C7` → 2 (zero-based column). */
function columnIndex(reference: string | undefined): number | undefined {
  const letters = /^([A-Z]{1,3})\d*$/.exec(reference ?? '')?.[1];
  const index = letters
    ? [...letters].reduce((sum, letter) => sum * 26 + letter.charCodeAt(0) - 64, 0) - 1
    : undefined;
  return index !== undefined && index <= LAST_COLUMN ? index : undefined;
}
