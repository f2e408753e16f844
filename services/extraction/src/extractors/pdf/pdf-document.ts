import type * as PdfJs from 'pdfjs-dist';
import type { TextItem as PdfJsTextItem } from 'pdfjs-dist/types/src/display/api';
import { ExtractionFailedError } from '../../claims/extraction-errors';

/** PDF user-space rectangle [x0, y0, x1, y1], origin bottom left. */
export type Box = [number, number, number, number];

/** A piece of text as the page draws it, with the box it occupies. */
export interface TextItem {
  text: string;
  box: Box;
  baseline: number;
  fontSize: number;
}

/** A filled shape (rectangle or path bounding box) and its fill colour as `#rrggbb`. */
export interface FilledBox {
  box: Box;
  colour: string;
}

export interface PdfPage {
  /** 1-based. */
  number: number;
  view: Box;
  items: TextItem[];
}

/** An open PDF: text for every page up front, drawing operators only when a rule needs them. */
export interface PdfSource {
  readonly pageCount: number;
  pages: PdfPage[];
  fills(pageNumber: number): Promise<FilledBox[]>;
}

type PdfJsModule = typeof PdfJs;

let pdfjs: Promise<PdfJsModule> | undefined;

/**
 * pdf.js 4 (legacy build: runs on Node 20) is an ES module, loaded once on first use. The built
 * service turns this import() into require(), which loads an ES module on Node ≥ 20.19; under Jest
 * the import() is kept (swc `ignoreDynamic`) and goes through Jest's ES module loader.
 */
function loadPdfJs(): Promise<PdfJsModule> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs') as Promise<PdfJsModule>;
  return pdfjs;
}

const VERBOSITY_ERRORS = 0;

/**
 * Opens the PDF, reads every page's text with positions, hands the document to `use`, and always
 * releases it. A password-protected file fails as `EXTRACTION_PDF_ENCRYPTED`, anything pdf.js cannot
 * parse as `EXTRACTION_PDF_UNREADABLE`; a page that fails on its own is left out and reported.
 */
export async function withPdf<T>(
  bytes: Buffer,
  extractorId: string,
  use: (pdf: PdfSource, unreadablePages: number[]) => Promise<T>,
): Promise<T> {
  const lib = await loadPdfJs();
  const task = lib.getDocument({
    // pdf.js takes ownership of (and detaches) the array it is given: hand it a copy.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: VERBOSITY_ERRORS,
  });
  let document: PdfJs.PDFDocumentProxy;
  try {
    document = await task.promise;
  } catch (error) {
    await task.destroy();
    throw openFailure(error, extractorId);
  }
  try {
    const pages: PdfPage[] = [];
    const unreadablePages: number[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      try {
        pages.push(await readPage(document, number));
      } catch {
        unreadablePages.push(number);
      }
    }
    if (pages.length === 0) throw unreadable(extractorId, 'no page could be read');
    const source: PdfSource = {
      pageCount: document.numPages,
      pages,
      fills: async (number) => pageFills(lib, await document.getPage(number)),
    };
    return await use(source, unreadablePages);
  } finally {
    await task.destroy();
  }
}

async function readPage(document: PdfJs.PDFDocumentProxy, number: number): Promise<PdfPage> {
  const page = await document.getPage(number);
  const content = await page.getTextContent();
  const items = content.items.flatMap((item) => ('str' in item ? textItem(item) : []));
  const [x0, y0, x1, y1] = page.view;
  return { number, view: [x0, y0, x1, y1], items };
}

/** Upright text only: rotated labels (chart axes) carry no values the rules read. */
function textItem(item: PdfJsTextItem): TextItem[] {
  const [a, b, c, d, x, y] = item.transform as number[];
  if (item.str.trim() === '' || Math.abs(b) > 1e-3 || Math.abs(c) > 1e-3 || a <= 0 || d <= 0) return [];
  const fontSize = item.height || d;
  // Glyphs reach about a fifth of the font size below the baseline and four fifths above it.
  return [
    {
      text: item.str,
      baseline: y,
      fontSize,
      box: [x, y - 0.2 * fontSize, x + item.width, y + 0.8 * fontSize],
    },
  ];
}

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/**
 * Filled shapes from the page's drawing operators, in page space. Tracks the transformation matrix
 * through save/restore and form XObjects, and the fill colour (pdf.js hands every colour space over
 * as RGB). A shape's box is its path's bounding box.
 */
async function pageFills(lib: PdfJsModule, page: PdfJs.PDFPageProxy): Promise<FilledBox[]> {
  const { fnArray, argsArray } = await page.getOperatorList();
  const { OPS } = lib;
  const fillOps = new Set<number>([
    OPS.fill,
    OPS.eoFill,
    OPS.fillStroke,
    OPS.eoFillStroke,
    OPS.closeFillStroke,
    OPS.closeEOFillStroke,
  ]);
  const fills: FilledBox[] = [];
  const stack: Array<{ ctm: Matrix; colour: string }> = [];
  let ctm = IDENTITY;
  let colour = '#000000';
  let path: Box | undefined;
  fnArray.forEach((fn, index) => {
    const args = argsArray[index] as unknown[] | null;
    switch (fn) {
      case OPS.save:
      case OPS.paintFormXObjectBegin:
        stack.push({ ctm, colour });
        if (fn === OPS.paintFormXObjectBegin && isMatrix(args?.[0]))
          ctm = multiply(Array.from(args[0]) as Matrix, ctm);
        break;
      case OPS.restore:
      case OPS.paintFormXObjectEnd:
        ({ ctm, colour } = stack.pop() ?? { ctm, colour });
        break;
      case OPS.transform:
        ctm = multiply(Array.from(args as ArrayLike<number>) as Matrix, ctm);
        break;
      case OPS.setFillRGBColor:
        colour = hexColour(args);
        break;
      case OPS.constructPath:
        path = pathBox(args?.[2], ctm);
        break;
      default:
        if (fillOps.has(fn) && path) fills.push({ box: path, colour });
        if (fillOps.has(fn) || fn === OPS.endPath || fn === OPS.stroke || fn === OPS.closeStroke)
          path = undefined;
    }
  });
  return fills;
}

function isMatrix(value: unknown): value is ArrayLike<number> {
  return typeof value === 'object' && value !== null && (value as ArrayLike<number>).length === 6;
}

/** `m` applied after `n`: the PDF `cm` operator pre-multiplies the current matrix. */
function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

function pathBox(minMax: unknown, ctm: Matrix): Box | undefined {
  if (!minMax || typeof minMax !== 'object' || (minMax as ArrayLike<number>).length !== 4) return undefined;
  const [x0, y0, x1, y1] = Array.from(minMax as ArrayLike<number>);
  const corners = [
    [x0, y0],
    [x0, y1],
    [x1, y0],
    [x1, y1],
  ].map(([x, y]) => [ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5]]);
  const xs = corners.map(([x]) => x);
  const ys = corners.map(([, y]) => y);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function hexColour(args: unknown): string {
  if (typeof args === 'string') return args.toLowerCase();
  const first = Array.isArray(args) && args.length === 1 ? args[0] : args;
  if (typeof first === 'string') return first.toLowerCase();
  const [r, g, b] = Array.from(first as ArrayLike<number>);
  return `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

function openFailure(error: unknown, extractorId: string): ExtractionFailedError {
  if (error instanceof Error && error.name === 'PasswordException') {
    return new ExtractionFailedError(
      'EXTRACTION_PDF_ENCRYPTED',
      'The PDF is password-protected: its text cannot be read.',
      'Ask the sender for an unprotected copy of the document.',
      { extractorId, reason: error.message },
    );
  }
  return unreadable(extractorId, error instanceof Error ? error.message : String(error));
}

function unreadable(extractorId: string, reason: string): ExtractionFailedError {
  return new ExtractionFailedError(
    'EXTRACTION_PDF_UNREADABLE',
    `The file cannot be read as a PDF: ${reason}.`,
    'Check that the artefact is a complete PDF (not truncated or another format); re-download it from the source.',
    { extractorId, reason },
  );
}
