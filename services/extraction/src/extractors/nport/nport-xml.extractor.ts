import type { ExtractionResult } from '../../claims/claim';
import { completenessWarnings } from './nport-checks';
import { buildNportClaims, NPORT_EXTRACTOR_VERSION, type ArtefactRef } from './nport-claims';
import { EXPECTED_METRICS } from './nport-fields';
import { NPORT_EXTRACTOR_ID, readNportDocument, type ArtefactBytes } from './nport-reader';

export interface NportExtractionResult extends ExtractionResult {
  filing: {
    /** `NPORT-P`, or `NPORT-P/A` for an amendment. */
    submissionType: string | null;
    /** An amendment restates the original filing for the same period; its claims stay what it says. */
    isAmendment: boolean;
    isFinalFiling: boolean;
    reportDate: string;
    /** `invstOrSec` elements in the filing. */
    holdingElements: number;
  };
}

/**
 * SEC Form N-PORT (NPORT-P, NPORT-P/A) XML → claims: general information, fund totals, monthly
 * returns per share class, monthly flows and one claim per holding field, each with the exact
 * XPath it was read at. Streams the document: memory grows with the claims, not with a DOM.
 */
export async function extractNport(
  input: ArtefactBytes,
  artefact: ArtefactRef,
): Promise<NportExtractionResult> {
  const document = await readNportDocument(input);
  const filing = buildNportClaims(document, artefact);
  const found = new Set(filing.claims.filter((c) => c.value !== null).map((c) => c.metric));
  const missing = EXPECTED_METRICS.filter((metric) => !found.has(metric));
  return {
    extractor: { id: NPORT_EXTRACTOR_ID, version: NPORT_EXTRACTOR_VERSION },
    documentType: 'sec-nport',
    claims: filing.claims,
    coverage: { expected: EXPECTED_METRICS.length, found: EXPECTED_METRICS.length - missing.length, missing },
    warnings: completenessWarnings({
      netAssets: filing.netAssets,
      holdingElements: document.holdings.length,
      holdingsWithValue: filing.holdingsWithValue,
      percentages: filing.percentages,
      unreadableValues: filing.unreadableValues,
    }),
    filing: {
      submissionType: filing.submissionType,
      isAmendment: filing.submissionType?.endsWith('/A') ?? false,
      isFinalFiling: filing.isFinalFiling,
      reportDate: filing.reportDate,
      holdingElements: document.holdings.length,
    },
  };
}

export const nportXmlExtractor = {
  id: NPORT_EXTRACTOR_ID,
  version: NPORT_EXTRACTOR_VERSION,
  extract: extractNport,
} as const;
