import type { Claim, ExtractionResult, FundReference } from '../../claims/claim';
import { withClaimId } from '../../claims/claim-id';
import { ExtractionFailedError } from '../../claims/extraction-errors';
import { applyRuleSet, documentLines, selectRuleSet, type Finding } from './layout-engine';
import { loadLayoutRuleSets, type CompiledRuleSet, type LayoutRuleSet } from './layout-rules';
import { withPdf } from './pdf-document';

export interface ArtefactRef {
  sha256: string;
  version: number;
}

export interface PdfExtractionResult extends ExtractionResult {
  /** The layout rule set that read the document, e.g. `lg-kiid@1`. */
  layout: string;
  pages: number;
}

export interface PdfExtractor {
  id: string;
  version: string;
  extract(bytes: Buffer, artefact: ArtefactRef): Promise<PdfExtractionResult>;
}

export const PDF_EXTRACTOR_VERSION = '1.0.0';

/**
 * A PDF extractor for one document type: it reads the text with positions, picks the layout rule set
 * whose `match` selectors the text contains, and turns what the rules find into claims. Claims carry
 * the page, box and text span they were read from, and a confidence below 1 with the rule that
 * explains it. The rule set's version is part of the extractor version on every claim, so changing a
 * rule changes the claim ids it produces.
 */
export function createPdfExtractor(
  id: string,
  documentType: LayoutRuleSet['documentType'],
  ruleSets?: () => CompiledRuleSet[],
): PdfExtractor {
  const sets = () => (ruleSets ?? loadLayoutRuleSets)().filter((set) => set.documentType === documentType);
  return {
    id,
    version: PDF_EXTRACTOR_VERSION,
    extract: (bytes, artefact) =>
      withPdf(bytes, id, async (pdf, unreadablePages) => {
        const lines = documentLines(pdf);
        const set = selectRuleSet(lines, sets());
        if (!set) {
          throw new ExtractionFailedError(
            'EXTRACTION_UNSUPPORTED_LAYOUT',
            `No ${documentType} layout rule set matches this document.`,
            `Add a rule set for its family under services/extraction/layout-rules (known: ${sets()
              .map((s) => s.key)
              .join(', ')}).`,
            {
              extractorId: id,
              families: sets().map((s) => s.key),
              opening: lines.slice(0, 5).map((l) => l.norm.text),
            },
          );
        }
        const outcome = await applyRuleSet(set, pdf, lines);
        const extractor = { id, version: `${PDF_EXTRACTOR_VERSION}+${set.key}` };
        const claims = toClaims(outcome.findings, set, artefact, extractor);
        return {
          extractor,
          documentType: `pdf-${documentType}`,
          claims,
          coverage: outcome.coverage,
          warnings: [
            ...unreadablePages.map((page) => ({
              code: 'PDF_PAGE_UNREADABLE',
              message: `Page ${page} could not be read; its values are missing.`,
            })),
            ...outcome.warnings,
          ],
          layout: set.key,
          pages: pdf.pageCount,
        };
      }),
  };
}

function toClaims(
  findings: readonly Finding[],
  set: CompiledRuleSet,
  artefact: ArtefactRef,
  extractor: { id: string; version: string },
): Claim[] {
  const valueOf = (ruleId: string | undefined) =>
    findings.find((f) => f.ruleId === ruleId && f.value !== null)?.value ?? undefined;
  const asOf = valueOf(set.asOf);
  if (!asOf) {
    throw new ExtractionFailedError(
      'EXTRACTION_MISSING_AS_OF_DATE',
      `The document matches ${set.key} but its date (rule «${set.asOf}») was not found.`,
      'Check that the document is complete; if its layout changed, publish a new version of the rule set.',
      { extractorId: extractor.id, layout: set.key },
    );
  }
  const isin = valueOf(set.fund?.isin);
  const name = valueOf(set.fund?.name);
  const fund: FundReference = { ...(isin && { isin }), ...(name && { name }) };
  const shareClass = valueOf(set.shareClass);
  return findings.map((finding) =>
    withClaimId({
      fund,
      ...((finding.shareClass ?? shareClass) !== undefined && {
        shareClass: finding.shareClass ?? shareClass,
      }),
      metric: finding.metric,
      ...(finding.subject !== undefined && { subject: finding.subject }),
      value: finding.value,
      ...(finding.blank && { blank: finding.blank }),
      unit: finding.unit,
      asOf: finding.asOf ?? asOf,
      evidence: {
        artefactSha256: artefact.sha256,
        artefactVersion: artefact.version,
        locator: finding.locator,
      },
      extractor,
      confidence: finding.confidence,
      confidenceNote: finding.confidenceNote,
    }),
  );
}

/** UCITS KIIDs (and similar 2-page key information documents). */
export const pdfKiidExtractor = createPdfExtractor('pdf-kiid', 'kiid');
/** Monthly fund factsheets. */
export const pdfFactsheetExtractor = createPdfExtractor('pdf-factsheet', 'factsheet');
