export {
  DEFAULT_LAST_PERIOD,
  DEFAULT_SEED,
  documentPath,
  expectedInventoryWithOptional,
  generateSamplePortfolio,
  writeSamplePortfolio,
  type SampleManifest,
  type SamplePortfolio,
  type SamplePortfolioOptions,
} from './sample-portfolio';
export type { ExpectedClaim, SampleDocument } from './documents/sample-document';
export type {
  FundPeriod,
  SampleArtefactType,
  SampleFund,
  SamplePortfolioModel,
  SampleScenarios,
} from './portfolio-model';
export { SampleDataInvalidError } from './sample-data.errors';
