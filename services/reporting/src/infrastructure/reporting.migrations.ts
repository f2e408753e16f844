import type { Migration } from '@fai/event-store';

/*
 * Reporting's own tables, beside its event store in the service schema (versions from 2000, as
 * every service's). An applied migration is never edited; changes are new versions.
 */
export const REPORTING_MIGRATIONS: Migration[] = [
  {
    version: 2000,
    name: 'drafts, approvals, output registry, publications, export log, run progress',
    sql: `
-- One row per drafted memo (a fund in a run); version counts the fund's drafts in the cycle.
CREATE TABLE {{schema}}.drafts (
  memo_id text PRIMARY KEY,
  portfolio_id text NOT NULL,
  cycle_id text NOT NULL,
  run_id text NOT NULL,
  fund_id text NOT NULL,
  version int NOT NULL,
  template_version text NOT NULL,
  input_sha256 text NOT NULL,
  html_sha256 text NOT NULL,
  pdf_sha256 text NOT NULL,
  pack_id text NOT NULL,
  pack_sha256 text NOT NULL,
  manifest_sha256 text NOT NULL,
  evidence_coverage numeric NOT NULL,
  figures int NOT NULL,
  drafted_at timestamptz NOT NULL,
  UNIQUE (cycle_id, fund_id, version)
);

-- The approval service's latest word on each memo (FundApproved / FundRejected, in order).
CREATE TABLE {{schema}}.approvals (
  memo_id text PRIMARY KEY,
  state text NOT NULL CHECK (state IN ('approved', 'rejected')),
  actor text NOT NULL,
  submitted_by text,
  notes text NOT NULL,
  at timestamptz NOT NULL
);

-- The output registry: every file reporting generated, with what it is and where it is
-- (a run's portfolio exception summary has no memo and no fund).
CREATE TABLE {{schema}}.outputs (
  output_id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('memo_input', 'memo_html', 'memo_pdf', 'evidence_pack', 'portfolio_summary')),
  memo_id text,
  report_id text,
  portfolio_id text NOT NULL,
  cycle_id text NOT NULL,
  run_id text NOT NULL,
  fund_id text,
  generated_at timestamptz NOT NULL,
  template_version text NOT NULL,
  approval_stamp jsonb,
  publication_state text NOT NULL CHECK (publication_state IN ('draft', 'published')),
  sha256 text NOT NULL,
  bytes bigint NOT NULL,
  uri text NOT NULL
);
CREATE INDEX outputs_fund ON {{schema}}.outputs (cycle_id, fund_id);

-- At most one publication per fund and cycle.
CREATE TABLE {{schema}}.publications (
  report_id text PRIMARY KEY,
  cycle_id text NOT NULL,
  fund_id text NOT NULL,
  memo_id text NOT NULL,
  command_id text NOT NULL,
  reply jsonb NOT NULL,
  published_by text NOT NULL,
  published_at timestamptz NOT NULL,
  UNIQUE (cycle_id, fund_id)
);

-- Every distribution of a published file: where it went, when, on whose request.
CREATE TABLE {{schema}}.export_log (
  export_id bigserial PRIMARY KEY,
  report_id text NOT NULL REFERENCES {{schema}}.publications (report_id),
  kind text NOT NULL,
  sha256 text NOT NULL,
  uri text NOT NULL,
  channel text NOT NULL,
  actor text NOT NULL,
  command_id text NOT NULL,
  exported_at timestamptz NOT NULL
);

-- Each run's report stage (report-run.decider.ts state).
CREATE TABLE {{schema}}.report_runs (
  run_id text PRIMARY KEY,
  portfolio_id text NOT NULL,
  cycle_id text NOT NULL,
  awaited text[] NOT NULL,
  drafted text[] NOT NULL,
  ranked boolean NOT NULL,
  outcome text
);
`,
  },
  {
    version: 2001,
    name: 'output retention: deleted content, source policies, legal holds',
    sql: `
-- When output retention deleted an output's content (ReportOutputContentDeleted); the row stays.
ALTER TABLE {{schema}}.outputs ADD COLUMN content_deleted_at timestamptz;
CREATE INDEX outputs_sha256 ON {{schema}}.outputs (sha256);

-- Each portfolio's latest source policy version (ingest's SourcePolicySet): its output retention
-- rules, null when that version sets none.
CREATE TABLE {{schema}}.output_retention_policies (
  portfolio_id text PRIMARY KEY,
  source_policy_id text NOT NULL,
  version int NOT NULL,
  rules jsonb,
  set_at timestamptz NOT NULL
);

-- Ingest's legal holds (LegalHoldPlaced / LegalHoldReleased): a fund or portfolio hold keeps outputs.
CREATE TABLE {{schema}}.legal_holds (
  hold_id text PRIMARY KEY,
  scope text NOT NULL,
  target_id text NOT NULL,
  placed_at timestamptz NOT NULL,
  released_at timestamptz
);
`,
  },
];
