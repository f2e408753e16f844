// The reporting context's contracts; the catalogue registers every contract exported here.
export { PUBLISHED_FILE_KINDS, REPORTING_CONTEXT, type PublishedFileKind } from './reporting.schemas';
export * from './reporting.errors';
export * from './drafts-completed.v1';
export * from './reporting-stage-failed.v1';
export * from './memo-drafted.v1';
export * from './evidence-pack-built.v1';
export * from './report-published.v1';
export * from './publish-fund.v1';
export * from './get-kpi-snapshot.v1';
export * from './get-export-log.v1';
