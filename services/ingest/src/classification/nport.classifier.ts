import {
  unrecognised,
  type FundIdentifiers,
  type NonRecognition,
  type Recognition,
} from './artefact-classification';
import { parseDocumentDate } from './document-dates';
import { isCik, isLei, isSeriesId } from './fund-identifiers';
import { readXml } from './safe-xml.reader';

const NPORT_NAMESPACE = 'http://www.sec.gov/edgar/nport';
const NPORT_ROOT = 'edgarSubmission';

type HeaderField = 'filerCik' | 'regCik' | 'seriesId' | 'seriesLei' | 'repPdDate';

/** Where N-PORT states who and when (EDGAR Form N-PORT XML technical specification). */
const HEADER_FIELDS: Record<string, HeaderField> = {
  'edgarSubmission/headerData/filerInfo/filer/issuerCredentials/cik': 'filerCik',
  'edgarSubmission/formData/genInfo/regCik': 'regCik',
  'edgarSubmission/formData/genInfo/seriesId': 'seriesId',
  'edgarSubmission/formData/genInfo/seriesLei': 'seriesLei',
  'edgarSubmission/formData/genInfo/repPdDate': 'repPdDate',
};
const HEADER_DEPTH = 6;

/**
 * Reads an XML document to its end (so a malformed one is refused whole) and recognises SEC N-PORT
 * by its root element and namespace. The fund is the series (id and LEI); N-PORT names share
 * classes by SEC class id, not ISIN. An LEI failing its check digits (SEC's synthetic samples have
 * such) is left out rather than passed on.
 */
export function classifyXml(content: Buffer): Recognition | NonRecognition {
  let root: { local: string; uri: string } | undefined;
  const found: Partial<Record<HeaderField, string>> = {};
  let capturing: { field: HeaderField; text: string[] } | undefined;
  readXml(content, {
    open: (path, tag) => {
      if (path.length === 1) root = { local: tag.local, uri: tag.uri };
      const field = path.length <= HEADER_DEPTH ? HEADER_FIELDS[path.join('/')] : undefined;
      if (field && !found[field]) capturing = { field, text: [] };
    },
    text: (_path, text) => capturing?.text.push(text),
    close: () => {
      if (capturing) found[capturing.field] = capturing.text.join('').trim();
      capturing = undefined;
    },
  });
  if (root?.local !== NPORT_ROOT || root.uri !== NPORT_NAMESPACE) {
    return unrecognised(
      `XML document {${root?.uri ?? ''}}${root?.local ?? ''} is not a document type ingest recognises`,
    );
  }
  const identifiers: FundIdentifiers = { isin: [] };
  if (found.seriesId && isSeriesId(found.seriesId)) identifiers.seriesId = found.seriesId;
  if (found.seriesLei && isLei(found.seriesLei)) identifiers.lei = found.seriesLei;
  const cik = found.regCik ?? found.filerCik;
  if (cik && isCik(cik)) identifiers.cik = cik;
  const end = found.repPdDate ? parseDocumentDate(found.repPdDate) : undefined;
  return { documentType: 'nport', identifiers, ...(end ? { period: { end } } : {}) };
}
