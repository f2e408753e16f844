import type { Migration } from '@fai/event-store';

/*
 * Ingest's own tables, beside its event store in the service's schema (versions from 2000: the event
 * store owns 1-999, libs/projections 1000-1999). Every row is derived from events and written in the
 * transaction that appends them (or, for the directory, that records the scheduler event as processed).
 */
export const INGEST_MIGRATIONS: Migration[] = [
  {
    version: 2000,
    name: 'ingest directory, artefact registry, intakes, run inventories',
    sql: `
CREATE TABLE {{schema}}.directory (
  portfolio_id text PRIMARY KEY,
  state jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE {{schema}}.directory_cycles (
  cycle_id text PRIMARY KEY,
  portfolio_id text NOT NULL REFERENCES {{schema}}.directory (portfolio_id)
);
CREATE TABLE {{schema}}.artefacts (
  artefact_id text PRIMARY KEY,
  tenant_id text NOT NULL,
  sha256 text NOT NULL,
  portfolio_id text NOT NULL,
  fund_id text,
  document_type text NOT NULL,
  period text,
  as_of text,
  version int NOT NULL,
  supersedes_artefact_id text,
  superseded_by_artefact_id text,
  file_name text NOT NULL,
  media_type text NOT NULL,
  size bigint NOT NULL,
  pages int,
  retention_class text NOT NULL,
  source_type text NOT NULL,
  origin text NOT NULL,
  actor text NOT NULL,
  source_policy_id text NOT NULL,
  cycle_id text NOT NULL,
  run_id text NOT NULL,
  intake_id text NOT NULL,
  identifiers jsonb NOT NULL,
  retrieved_at timestamptz,
  ingested_at timestamptz NOT NULL,
  UNIQUE (tenant_id, sha256)
);
-- One artefact per version of a document: two intakes racing for the same version cannot both commit.
CREATE UNIQUE INDEX artefacts_document_version ON {{schema}}.artefacts
  (tenant_id, fund_id, document_type, coalesce(period, ''), version)
  WHERE fund_id IS NOT NULL AND document_type <> 'unknown';
CREATE TABLE {{schema}}.artefact_intakes (
  intake_id text PRIMARY KEY,
  artefact_id text NOT NULL REFERENCES {{schema}}.artefacts (artefact_id),
  portfolio_id text NOT NULL,
  cycle_id text NOT NULL,
  run_id text NOT NULL,
  source_type text NOT NULL,
  origin text NOT NULL,
  actor text NOT NULL,
  file_name text NOT NULL,
  retrieved_at timestamptz,
  at timestamptz NOT NULL,
  reply jsonb NOT NULL
);
CREATE INDEX artefact_intakes_artefact ON {{schema}}.artefact_intakes (artefact_id);
CREATE TABLE {{schema}}.run_inventories (
  run_id text PRIMARY KEY,
  cycle_id text NOT NULL,
  portfolio_id text NOT NULL,
  status text NOT NULL,
  report jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);`,
  },
  {
    version: 2001,
    name: 'retention: deleted content, legal holds, published reports and their artefacts',
    sql: `
ALTER TABLE {{schema}}.artefacts ADD COLUMN content_deleted_at timestamptz;
CREATE TABLE {{schema}}.legal_holds (
  hold_id text PRIMARY KEY,
  scope text NOT NULL,
  target_id text NOT NULL,
  placed_at timestamptz NOT NULL,
  released_at timestamptz
);
CREATE TABLE {{schema}}.published_reports (
  report_id text PRIMARY KEY,
  portfolio_id text NOT NULL,
  run_id text NOT NULL,
  fund_id text NOT NULL,
  published_at timestamptz NOT NULL,
  artefact_ids text[] NOT NULL
);
CREATE INDEX published_reports_artefacts ON {{schema}}.published_reports USING gin (artefact_ids);
CREATE INDEX artefacts_sha256 ON {{schema}}.artefacts (sha256);`,
  },
];
