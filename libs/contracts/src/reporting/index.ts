// The reporting context's contracts; the catalogue registers every contract exported here.
export {
  OUTPUT_RETENTION_KEEP_REASONS,
  PUBLISHED_FILE_KINDS,
  REPORT_OUTPUT_KINDS,
  REPORTING_CONTEXT,
  type OutputRetentionKeepReason,
  type PublishedFileKind,
  type ReportOutputKind,
} from './reporting.schemas';
export * from './reporting.errors';
export * from './drafts-completed.v1';
export * from './reporting-stage-failed.v1';
export * from './memo-drafted.v1';
export * from './evidence-pack-built.v1';
export * from './report-published.v1';
export * from './publish-fund.v1';
export * from './get-kpi-snapshot.v1';
export * from './get-export-log.v1';
export * from './report-output-content-deleted.v1';
export * from './run-output-retention-sweep.v1';
