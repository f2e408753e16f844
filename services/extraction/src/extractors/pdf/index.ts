export {
  LAYOUT_RULES_DIR,
  LayoutRulesInvalidError,
  loadLayoutRuleSets,
  type LayoutRuleSet,
} from './layout-rules';
export {
  createPdfExtractor,
  pdfFactsheetExtractor,
  pdfKiidExtractor,
  PDF_EXTRACTOR_VERSION,
  type PdfExtractionResult,
  type PdfExtractor,
} from './pdf.extractor';

import { pdfFactsheetExtractor, pdfKiidExtractor } from './pdf.extractor';

/** Every PDF extractor, e.g. for benchmarks: each is `{ id, version, extract(bytes, artefact) }`. */
export const PDF_EXTRACTORS = [pdfKiidExtractor, pdfFactsheetExtractor] as const;
