export { emtExtractor, extractEmt, EMT_EXTRACTOR_ID, EMT_EXTRACTOR_VERSION } from './emt.extractor';
export { eptExtractor, extractEpt, EPT_EXTRACTOR_ID, EPT_EXTRACTOR_VERSION } from './ept.extractor';
export type { ArtefactRef } from './findatex-claims';
export type { ShareClassExtractionResult } from './findatex-rows';
export { DEFAULT_ZIP_LIMITS, loadWorkbookSafely, type ZipLimits } from './safe-xlsx';
export {
  extractTpt,
  tptExtractor,
  TPT_EXTRACTOR_ID,
  TPT_EXTRACTOR_VERSION,
  type TptExtractionResult,
} from './tpt.extractor';

import { emtExtractor } from './emt.extractor';
import { eptExtractor } from './ept.extractor';
import { tptExtractor } from './tpt.extractor';

/** Every FinDatEx extractor, e.g. for benchmarks: each is `{ id, version, extract(bytes, artefact) }`. */
export const FINDATEX_EXTRACTORS = [tptExtractor, eptExtractor, emtExtractor] as const;
