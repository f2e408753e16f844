export {
  extractNavHistory,
  navHistoryExtractor,
  NAV_EXTRACTOR_VERSION,
  type NavExtractionOptions,
  type NavExtractionResult,
  type NavSeriesSummary,
} from './nav-history.extractor';
export { NAV_EXTRACTOR_ID } from './nav-points';
export type { NavDateFormat } from './nav-dates';
