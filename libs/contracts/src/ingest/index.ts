// The ingest context's contracts; the catalogue registers every contract exported here.
export {
  DOCUMENT_TYPES,
  INGEST_CONTEXT,
  INVENTORY_ASSESSMENTS,
  SOURCE_TYPES,
  UNRECOGNISED_DOCUMENT,
  type DocumentType,
  type InventoryAssessment,
  type SourceType,
} from './ingest.schemas';
export * from './inventory-completed.v1';
export * from './ingest-stage-failed.v1';
export * from './artefact-ingested.v1';
export * from './artefact-superseded.v1';
export * from './artefact-intake-recorded.v1';
export * from './artefact-unrecognised.v1';
export * from './artefact-refused.v1';
export * from './inventory-opened.v1';
export * from './inventory-artefact-received.v1';
export * from './artefact-missing.v1';
export * from './source-policy-set.v1';
export * from './register-artefact.v1';
export * from './set-source-policy.v1';
export * from './get-run-inventory.v1';
export {
  LEGAL_HOLD_SCOPES,
  RETENTION_KEEP_REASONS,
  type LegalHoldScope,
  type RetentionKeepReason,
} from './ingest.schemas';
export * from './retention-terms';
export * from './legal-hold-placed.v1';
export * from './legal-hold-released.v1';
export * from './artefact-content-deleted.v1';
export * from './place-legal-hold.v1';
export * from './release-legal-hold.v1';
export * from './run-retention-sweep.v1';
