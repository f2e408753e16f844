import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { ArtefactXmlDoctypeRefusedError, ArtefactXmlMalformedError } from './inspection-errors';

/** Called for the document's elements; `path` holds the local names from the root down to the element. */
export interface XmlVisitor {
  open?(path: readonly string[], tag: SaxesTagNS): void;
  text?(path: readonly string[], text: string): void;
  close?(path: readonly string[]): void;
  /** Checked between slices of input: true ends reading early (the rest is then not checked). */
  done?(): boolean;
}

const SLICE_CHARS = 64 * 1024;

/**
 * Reads XML with a streaming parser that never resolves anything: a DOCTYPE (hence any entity
 * declaration, internal or external) is refused as soon as it is met, an undeclared entity is a
 * well-formedness error, and errors carry the line and column where reading stopped. `part` names
 * the file inside an archive in messages.
 */
export function readXml(input: Buffer, visitor: XmlVisitor, part?: string): void {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const path: string[] = [];
  let skippedLines = 0;
  const malformed = (reason: string) =>
    new ArtefactXmlMalformedError(
      reason.replace(/^\d+:\d+: /, ''),
      parser.line + skippedLines,
      parser.column,
      part,
    );
  parser.on('doctype', () => {
    throw new ArtefactXmlDoctypeRefusedError(part);
  });
  parser.on('error', (error) => {
    throw malformed(error.message);
  });
  parser.on('opentag', (tag) => {
    path.push(tag.local);
    visitor.open?.(path, tag);
  });
  parser.on('text', (text) => visitor.text?.(path, text));
  parser.on('cdata', (text) => visitor.text?.(path, text));
  parser.on('closetag', () => {
    visitor.close?.(path);
    path.pop();
  });

  const decoder = new StringDecoder('utf8');
  let started = false;
  for (let offset = 0; offset < input.length; offset += SLICE_CHARS) {
    let text = decoder.write(input.subarray(offset, offset + SLICE_CHARS));
    if (!started) {
      // EDGAR hands out XML with a blank line (or a BOM) before `<?xml`; strict parsers reject that.
      const start = text.search(/[^\s\uFEFF]/);
      skippedLines += (start === -1 ? text : text.slice(0, start)).split('\n').length - 1;
      if (start === -1) continue;
      started = true;
      text = text.slice(start);
    }
    parser.write(text);
    if (visitor.done?.()) return;
  }
  if (!started) throw malformed('the document has no content');
  parser.write(decoder.end()).close();
}
