import type { DocumentType } from '@fai/contracts';
import type { ExtractionResult } from '../claims/claim';
import { emtExtractor, eptExtractor, tptExtractor } from '../extractors/findatex';
import { navHistoryExtractor } from '../extractors/nav';
import { nportXmlExtractor, type NportExtractionResult } from '../extractors/nport';
import { pdfFactsheetExtractor, pdfKiidExtractor } from '../extractors/pdf';

export interface ArtefactContent {
  sha256: string;
  version: number;
}

/** What a filing reports on, so an amendment can be linked to the filing it amends. */
export interface FilingIdentity {
  /** e.g. `nport:S000009677:2024-06-30`: the same for an original filing and its amendments. */
  key: string;
  isAmendment: boolean;
}

export interface ExtractedDocument extends ExtractionResult {
  /** Set for documents that can be amended (N-PORT) and that name what they report on. */
  filing?: FilingIdentity;
}

/** One extractor as the service runs it: bytes in (already hash-verified), claims out. */
export interface DocumentExtractor {
  readonly id: string;
  /** The registry's version; a PDF extractor appends the layout rule set it picked (see the result). */
  readonly version: string;
  extract(bytes: Buffer, artefact: ArtefactContent): Promise<ExtractedDocument>;
}

const nportDocumentExtractor: DocumentExtractor = {
  id: nportXmlExtractor.id,
  version: nportXmlExtractor.version,
  async extract(bytes, artefact) {
    const { filing, ...result } = await nportXmlExtractor.extract(bytes, artefact);
    const identity = nportFilingIdentity(result.claims, filing);
    return identity ? { ...result, filing: identity } : result;
  },
};

/**
 * An N-PORT amendment reports on the same series and period as the original: the series id
 * (else the LEI, else the registrant CIK) and the report date identify the filing.
 */
export function nportFilingIdentity(
  claims: ExtractionResult['claims'],
  filing: NportExtractionResult['filing'],
): FilingIdentity | undefined {
  const fund = claims[0]?.fund;
  const series = fund?.seriesId ?? fund?.lei ?? (fund?.cik && `cik-${fund.cik}`);
  if (!series) return undefined;
  return { key: `nport:${series}:${filing.reportDate}`, isAmendment: filing.isAmendment };
}

/** Which extractor reads each document type ingest recognises. */
export const EXTRACTORS: Readonly<Record<DocumentType, DocumentExtractor>> = {
  nport: nportDocumentExtractor,
  findatex_tpt: tptExtractor,
  findatex_ept: eptExtractor,
  findatex_emt: emtExtractor,
  nav_history: navHistoryExtractor,
  kiid: pdfKiidExtractor,
  factsheet: pdfFactsheetExtractor,
};

/** The extractor for a document type; undefined for `unknown` (ingest raised that exception already). */
export function extractorFor(documentType: string): DocumentExtractor | undefined {
  return Object.hasOwn(EXTRACTORS, documentType) ? EXTRACTORS[documentType as DocumentType] : undefined;
}
