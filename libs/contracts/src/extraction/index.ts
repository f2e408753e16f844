// The extraction context's contracts; the catalogue registers every contract exported here.
export * from './run-extraction-completed.v1';
export * from './extraction-stage-failed.v1';
export {
  CLAIM_STATUSES,
  EXTRACTION_CONTEXT,
  FUND_MATCHES,
  type ClaimStatus,
  type FundMatch,
} from './extraction.schemas';
export * from './claims-extracted.v1';
export * from './extraction-failed.v1';
export * from './fund-unresolved.v1';
export * from './amendment-recorded.v1';
export * from './get-claims.v1';
