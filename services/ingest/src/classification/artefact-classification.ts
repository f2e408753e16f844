/** Document kinds ingest recognises from content; anything else is kept as `unknown` for an operator. */
export type DocumentType =
  | 'nport'
  | 'findatex-tpt'
  | 'findatex-ept'
  | 'findatex-emt'
  | 'nav-history'
  | 'kiid'
  | 'factsheet'
  | 'unknown';

export const MEDIA_TYPES = {
  pdf: 'application/pdf',
  xml: 'application/xml',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
  json: 'application/json',
  yaml: 'application/yaml',
  csv: 'text/csv',
  html: 'text/html',
  text: 'text/plain',
  binary: 'application/octet-stream',
} as const;

export type MediaType = (typeof MEDIA_TYPES)[keyof typeof MEDIA_TYPES];

/** Who the document is about, as far as its content says (each identifier checked, never guessed). */
export interface FundIdentifiers {
  /** ISINs of the fund or its share classes, check digit verified, in order of appearance. */
  isin: string[];
  /** SEC series id (S000000000). */
  seriesId?: string;
  /** ISO 17442 LEI of the fund, check digits verified. */
  lei?: string;
  /** SEC CIK of the registrant. */
  cik?: string;
}

export interface ArtefactClassification {
  documentType: DocumentType;
  /** Sniffed from the bytes, never taken from the client. */
  mediaType: MediaType;
  identifiers: FundIdentifiers;
  /** The date the document speaks as of (report date, valuation date, last NAV, "accurate as at"). */
  period?: { end: string };
  /** Page count, for PDFs. */
  pages?: number;
  /** Why the document was not recognised, for the operator who handles the exception. */
  reason?: string;
}

/** What a classifier found in a recognised document. */
export interface Recognition {
  documentType: Exclude<DocumentType, 'unknown'>;
  identifiers: FundIdentifiers;
  period?: { end: string };
}

/** What a classifier says about a document it could not place. */
export interface NonRecognition {
  documentType: 'unknown';
  reason: string;
}

export const unrecognised = (reason: string): NonRecognition => ({ documentType: 'unknown', reason });
