import { DOMParser, onErrorStopParsing, type Document, type Element, type Node } from '@xmldom/xmldom';
import { LocatorResolutionError } from '../extraction-errors';

const ELEMENT_STEP = /^([A-Za-z_][\w.-]*)(?:\[([1-9]\d*)\])?$/;
const ATTRIBUTE_STEP = /^@([A-Za-z_][\w.-]*)$/;
const ELEMENT_NODE = 1;

/** Resolves one locator path to the text it points at: null when nothing is there. */
export type XpathResolver = (path: string) => string | null;

interface LocatorPath {
  steps: Array<{ name: string; position?: number }>;
  attribute?: string;
}

/**
 * Parses an XML artefact once (whole DOM: this checks evidence, it does not extract) and
 * resolves locator paths: absolute XPath 1.0 location paths of namespace-free local names with
 * optional positions and a final attribute, e.g. `/edgarSubmission/formData/invstOrSecs/
 * invstOrSec[17]/valUSD` or `.../monthlyTotReturn[2]/@rtn1`. Each step means
 * `child::*[local-name()=name][position]`, exactly as `toLocalNameXpath` writes it for a full
 * XPath engine; walking the DOM directly keeps a lookup among thousands of siblings linear
 * (the `xpath` package sorts node sets through xmldom's quadratic compareDocumentPosition).
 * A DOCTYPE is refused and no entity is ever resolved.
 */
export function createXpathResolver(xml: Buffer | string): XpathResolver {
  const document = parseXml(typeof xml === 'string' ? xml : xml.toString('utf8'));
  return (path) => {
    const { steps, attribute } = parseLocatorPath(path);
    const elements = steps.reduce<Node[]>(
      (context, step) => context.flatMap((node) => childElements(node, step)),
      [document],
    );
    const values = attribute
      ? elements.flatMap((element) => (element as Element).getAttributeNode(attribute)?.value ?? [])
      : elements.map((element) => element.textContent ?? '');
    if (values.length > 1) {
      throw new LocatorResolutionError(
        'LOCATOR_AMBIGUOUS',
        `XPath ${path} matches ${values.length} nodes.`,
        'Give every repeated step a position, e.g. invstOrSec[3].',
        { path, matches: values.length },
      );
    }
    return values[0] ?? null;
  };
}

/** The same locator as a standard XPath 1.0 expression, for any XPath engine (namespace-agnostic). */
export function toLocalNameXpath(path: string): string {
  const { steps, attribute } = parseLocatorPath(path);
  const elements = steps
    .map(({ name, position }) => `/*[local-name()='${name}']${position ? `[${position}]` : ''}`)
    .join('');
  return attribute ? `${elements}/@${attribute}` : elements;
}

function parseLocatorPath(path: string): LocatorPath {
  const parts = path.split('/');
  if (parts[0] !== '' || parts.length < 2) throw invalidPath(path);
  const last = ATTRIBUTE_STEP.exec(parts.at(-1)!);
  const steps = (last ? parts.slice(1, -1) : parts.slice(1)).map((part) => {
    const step = ELEMENT_STEP.exec(part);
    if (!step) throw invalidPath(path);
    return step[2] ? { name: step[1], position: Number(step[2]) } : { name: step[1] };
  });
  if (steps.length === 0) throw invalidPath(path);
  return last ? { steps, attribute: last[1] } : { steps };
}

function childElements(node: Node, step: { name: string; position?: number }): Node[] {
  const matches: Node[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === ELEMENT_NODE && child.localName === step.name) matches.push(child);
  }
  return step.position ? matches.slice(step.position - 1, step.position) : matches;
}

function parseXml(text: string): Document {
  // EDGAR's .txt extracts put a blank line before `<?xml`; the extractor accepts it, so must the resolver.
  const source = text.replace(/^[\s\uFEFF]+/, '');
  let document: Document;
  try {
    document = new DOMParser({ onError: onErrorStopParsing }).parseFromString(source, 'text/xml');
  } catch (error) {
    throw unreadable((error as Error).message);
  }
  if (document.doctype) throw unreadable('the document declares a DOCTYPE; DTDs are refused');
  return document;
}

function invalidPath(path: string): LocatorResolutionError {
  return new LocatorResolutionError(
    'LOCATOR_INVALID',
    `Not a locator XPath: ${path}`,
    'Use absolute paths of local names with optional [n] positions and a final @attribute.',
    { path },
  );
}

function unreadable(message: string): LocatorResolutionError {
  return new LocatorResolutionError(
    'LOCATOR_UNREADABLE_ARTEFACT',
    `The XML artefact cannot be parsed: ${message}`,
    'Resolve locators against the artefact the claims were extracted from.',
    {},
  );
}
