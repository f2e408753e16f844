import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { ExtractionFailedError } from '../../claims/extraction-errors';
import {
  DERIVATIVE_CATEGORY,
  DERIVATIVE_INFO,
  FILING_ELEMENTS,
  FLOW_ATTRIBUTES,
  HOLDING,
  HOLDING_ATTRIBUTES,
  HOLDING_ELEMENTS,
  MONTHLY_FLOWS,
  MONTHLY_RETURN,
  MONTHLY_RETURN_RULE,
  NPORT_NAMESPACE,
  REPEATABLE_ELEMENTS,
  ROOT,
  type FieldRule,
} from './nport-fields';

export const NPORT_EXTRACTOR_ID = 'nport-xml';

/** One value as it stands in the filing, with the exact XPath it stands at. */
export interface NportReading {
  rule: FieldRule;
  raw: string;
  path: string;
  /** Month 1..3 of the reporting period, for returns and flows. */
  month?: 1 | 2 | 3;
  shareClass?: string;
}

export interface HoldingReadings {
  /** 1-based position of the `invstOrSec` element, as in its locator. */
  position: number;
  readings: NportReading[];
}

export interface NportDocument {
  filing: NportReading[];
  holdings: HoldingReadings[];
}

export type ArtefactBytes = Buffer | AsyncIterable<Buffer | string>;

interface Frame {
  /** Local names from the root, e.g. `edgarSubmission/formData/genInfo`. */
  path: string;
  /** The exact XPath of this element, with positions where siblings share a name. */
  locator: string;
  children?: Map<string, number>;
  rule?: FieldRule;
  text?: string[];
}

const CHUNK_BYTES = 64 * 1024;
const RETURN_MONTHS: ReadonlyArray<[string, 1 | 2 | 3]> = [
  ['rtn1', 1],
  ['rtn2', 2],
  ['rtn3', 3],
];

/**
 * Reads an N-PORT XML stream with a SAX parser, keeping only the element path and the values
 * it wants: a filing with thousands of holdings is never held as a DOM. Refuses DOCTYPEs (no
 * entity is ever resolved), documents outside the N-PORT namespace and malformed XML, with the
 * line and column where reading stopped.
 */
export async function readNportDocument(input: ArtefactBytes): Promise<NportDocument> {
  const reader = new NportSaxReader();
  for await (const text of decodeChunks(input)) reader.write(text);
  return reader.close();
}

async function* decodeChunks(input: ArtefactBytes): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  if (Buffer.isBuffer(input)) {
    for (let offset = 0; offset < input.length; offset += CHUNK_BYTES) {
      yield decoder.write(input.subarray(offset, offset + CHUNK_BYTES));
    }
  } else {
    for await (const chunk of input) yield typeof chunk === 'string' ? chunk : decoder.write(chunk);
  }
  yield decoder.end();
}

class NportSaxReader {
  private readonly parser = new SaxesParser({ xmlns: true, position: true });
  private readonly stack: Frame[] = [];
  private readonly document: NportDocument = { filing: [], holdings: [] };
  private holding?: HoldingReadings;
  private started = false;
  /** Lines dropped before the XML declaration (EDGAR .txt extracts start with a blank line). */
  private skippedLines = 0;

  constructor() {
    this.parser.on('error', (error) => {
      throw this.failure(
        'EXTRACTION_MALFORMED_XML',
        `Malformed XML: ${error.message}`,
        'The artefact is not well-formed XML; fetch the filing again from EDGAR.',
      );
    });
    this.parser.on('doctype', () => {
      throw this.failure(
        'EXTRACTION_UNSAFE_XML',
        'The XML declares a DOCTYPE; DTDs and entities are refused, never resolved.',
        'N-PORT filings have no DOCTYPE: check where this artefact came from.',
      );
    });
    this.parser.on('xmldecl', ({ encoding }) => {
      if (encoding && !/^(utf-?8|us-ascii)$/i.test(encoding)) {
        throw this.failure(
          'EXTRACTION_UNSUPPORTED_ENCODING',
          `Unsupported XML encoding ${encoding}.`,
          'EDGAR serves N-PORT as UTF-8; convert the artefact to UTF-8.',
          { encoding },
        );
      }
    });
    this.parser.on('opentag', (tag) => this.openElement(tag));
    this.parser.on('text', (text) => this.stack.at(-1)?.text?.push(text));
    this.parser.on('cdata', (text) => this.stack.at(-1)?.text?.push(text));
    this.parser.on('closetag', () => this.closeElement());
  }

  write(text: string): void {
    this.feed(this.started ? text : this.skipLeadingBlank(text));
  }

  close(): NportDocument {
    if (!this.started) {
      throw this.failure(
        'EXTRACTION_EMPTY_ARTEFACT',
        'The artefact is empty.',
        'Upload the N-PORT XML document itself (primary_doc.xml).',
      );
    }
    this.feed(null);
    return this.document;
  }

  private feed(text: string | null): void {
    if (text === '') return;
    try {
      if (text === null) this.parser.close();
      else this.parser.write(text);
    } catch (error) {
      if (error instanceof ExtractionFailedError) throw error;
      throw this.failure(
        'EXTRACTION_MALFORMED_XML',
        `Malformed XML: ${(error as Error).message}`,
        'The artefact is not well-formed XML; fetch the filing again from EDGAR.',
      );
    }
  }

  // A blank line (or BOM) before `<?xml` is how EDGAR's .txt submissions hand out the XML; strict parsers reject it.
  private skipLeadingBlank(text: string): string {
    const start = text.search(/[^\s\uFEFF]/);
    const skipped = start === -1 ? text : text.slice(0, start);
    this.skippedLines += skipped.split('\n').length - 1;
    if (start === -1) return '';
    this.started = true;
    return text.slice(start);
  }

  private openElement(tag: SaxesTagNS): void {
    const parent = this.stack.at(-1);
    if (!parent) {
      this.checkRoot(tag);
      this.stack.push({ path: ROOT, locator: `/${ROOT}` });
      return;
    }
    const name = tag.local;
    const children = (parent.children ??= new Map());
    const position = (children.get(name) ?? 0) + 1;
    children.set(name, position);
    const step = REPEATABLE_ELEMENTS.has(name) || position > 1 ? `${name}[${position}]` : name;
    const frame: Frame = { path: `${parent.path}/${name}`, locator: `${parent.locator}/${step}` };
    if (frame.path === HOLDING) {
      this.holding = { position, readings: [] };
      this.document.holdings.push(this.holding);
    }
    const rule = FILING_ELEMENTS.get(frame.path) ?? HOLDING_ELEMENTS.get(frame.path);
    if (rule) {
      frame.rule = rule;
      frame.text = [];
    }
    this.readAttributes(frame, parent, tag);
    this.stack.push(frame);
  }

  private readAttributes(frame: Frame, parent: Frame, tag: SaxesTagNS): void {
    const attribute = (name: string) => {
      const found = Object.values(tag.attributes).find((a) => a.local === name && a.uri === '');
      return found?.value;
    };
    const read = (name: string, rule: FieldRule, extra: Partial<NportReading> = {}) => {
      const raw = attribute(name);
      if (raw !== undefined) this.record({ rule, raw, path: `${frame.locator}/@${name}`, ...extra });
    };
    for (const [name, rule] of HOLDING_ATTRIBUTES.get(frame.path) ?? []) read(name, rule);
    if (parent.path === DERIVATIVE_INFO) read('derivCat', DERIVATIVE_CATEGORY);
    if (frame.path === MONTHLY_RETURN) {
      const classId = attribute('classId')?.trim();
      const shareClass = classId === '' ? undefined : classId;
      for (const [name, month] of RETURN_MONTHS) read(name, MONTHLY_RETURN_RULE, { month, shareClass });
    }
    const flowMonth = MONTHLY_FLOWS.get(frame.path);
    if (flowMonth) for (const [name, rule] of FLOW_ATTRIBUTES) read(name, rule, { month: flowMonth });
  }

  private closeElement(): void {
    const frame = this.stack.pop();
    if (!frame) return;
    if (frame.rule && frame.text)
      this.record({ rule: frame.rule, raw: frame.text.join(''), path: frame.locator });
    if (frame.path === HOLDING) this.holding = undefined;
  }

  private record(reading: NportReading): void {
    if (reading.rule.scope === 'holding' && this.holding) this.holding.readings.push(reading);
    else this.document.filing.push(reading);
  }

  private checkRoot(tag: SaxesTagNS): void {
    if (tag.local !== ROOT || tag.uri !== NPORT_NAMESPACE) {
      throw this.failure(
        'EXTRACTION_UNSUPPORTED_LAYOUT',
        `Not an N-PORT filing: root element {${tag.uri}}${tag.local}, expected {${NPORT_NAMESPACE}}${ROOT}.`,
        'Send this artefact to the extractor of its own format.',
        { rootElement: tag.local, rootNamespace: tag.uri },
      );
    }
  }

  private failure(
    code: `EXTRACTION_${string}`,
    message: string,
    hint: string,
    extra: Record<string, unknown> = {},
  ): ExtractionFailedError {
    return new ExtractionFailedError(code, message, hint, {
      extractorId: NPORT_EXTRACTOR_ID,
      line: this.parser.line + this.skippedLines,
      column: this.parser.column,
      ...extra,
    });
  }
}
