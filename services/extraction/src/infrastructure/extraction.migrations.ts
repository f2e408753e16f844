import type { Migration } from '@fai/event-store';

/*
 * Extraction's own tables, beside its event store in the service schema. Versions share the
 * schema's `schema_migrations` with the event store (1-999) and projections (1000-1999): a
 * service's tables start at 2000. An applied migration is never edited; changes are new versions.
 */
export const EXTRACTION_MIGRATIONS: Migration[] = [
  {
    version: 2000,
    name: 'claim sets, artefact extractions, fund registry, run progress',
    sql: `
-- Content-addressed and write-once: a claim set is inserted once and never updated.
CREATE TABLE {{schema}}.claim_sets (
  sha256 text PRIMARY KEY,
  artefact_id text NOT NULL,
  artefact_sha256 text NOT NULL,
  extractor_id text NOT NULL,
  extractor_version text NOT NULL,
  claim_count int NOT NULL,
  byte_size bigint NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now()
);

-- One row per claim, in the order the extractor read them, for paged reads.
CREATE TABLE {{schema}}.claims (
  claim_set_sha256 text NOT NULL REFERENCES {{schema}}.claim_sets (sha256),
  ordinal int NOT NULL,
  claim_id uuid NOT NULL,
  metric text NOT NULL,
  share_class text,
  subject text,
  claim json NOT NULL,
  PRIMARY KEY (claim_set_sha256, ordinal)
);

-- The latest outcome of each artefact's extraction (inline projection of its stream).
CREATE TABLE {{schema}}.artefact_extractions (
  artefact_id text PRIMARY KEY,
  sha256 text NOT NULL,
  artefact_version int NOT NULL,
  document_type text NOT NULL,
  tenant_id text NOT NULL,
  portfolio_id text NOT NULL,
  cycle_id text NOT NULL,
  run_id text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('extracted', 'failed')),
  error_code text,
  extractor_id text NOT NULL,
  extractor_version text NOT NULL,
  claim_set_sha256 text REFERENCES {{schema}}.claim_sets (sha256),
  funds json NOT NULL DEFAULT '[]',
  filing_key text,
  is_amendment boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX artefact_extractions_filing_key ON {{schema}}.artefact_extractions (filing_key)
  WHERE filing_key IS NOT NULL;

-- What the scheduler's portfolios say about their funds, for fund resolution.
CREATE TABLE {{schema}}.portfolios (
  portfolio_id text PRIMARY KEY,
  tenant_id text NOT NULL
);
CREATE TABLE {{schema}}.fund_identifiers (
  portfolio_id text NOT NULL REFERENCES {{schema}}.portfolios (portfolio_id),
  tenant_id text NOT NULL,
  fund_id text NOT NULL,
  scheme text NOT NULL,
  value text NOT NULL,
  share_class_id text
);
CREATE INDEX fund_identifiers_lookup ON {{schema}}.fund_identifiers (tenant_id, scheme, value);
CREATE INDEX fund_identifiers_portfolio ON {{schema}}.fund_identifiers (portfolio_id);

-- Each run's inventory as ingest reports it, and whether its extract stage is over.
CREATE TABLE {{schema}}.runs (
  run_id text PRIMARY KEY,
  portfolio_id text NOT NULL,
  cycle_id text NOT NULL,
  inventory_completed_at timestamptz,
  outcome text CHECK (outcome IN ('completed', 'failed')),
  outcome_at timestamptz
);
CREATE TABLE {{schema}}.run_artefacts (
  run_id text NOT NULL REFERENCES {{schema}}.runs (run_id),
  artefact_id text NOT NULL,
  PRIMARY KEY (run_id, artefact_id)
);
CREATE INDEX run_artefacts_artefact ON {{schema}}.run_artefacts (artefact_id);
`,
  },
];
