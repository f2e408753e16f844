import type { Migration } from '@fai/event-store';

/*
 * The gateway's tables in its schema, by the event store's versioned `migrate` (versions from 2000
 * on; see @fai/projections). Read models are documents (`doc`) with the columns reads filter and
 * sort on; the audit log is append-only, like an event log.
 */
export const READ_MODEL_MIGRATIONS: Migration[] = [
  {
    version: 2000,
    name: 'gateway read models and projection generation',
    sql: `
CREATE TABLE {{schema}}.projection_state (
  id int PRIMARY KEY CHECK (id = 1),
  generation int NOT NULL,
  rebuilt_at timestamptz
);
INSERT INTO {{schema}}.projection_state (id, generation) VALUES (1, 1);

CREATE TABLE {{schema}}.portfolio (
  id text PRIMARY KEY,
  doc jsonb NOT NULL,
  tenant_id text NOT NULL,
  name text NOT NULL
);
CREATE INDEX portfolio_tenant_idx ON {{schema}}.portfolio (tenant_id, id);

CREATE TABLE {{schema}}.fund (
  id text PRIMARY KEY,
  doc jsonb NOT NULL,
  portfolio_id text NOT NULL,
  fund_id text NOT NULL,
  isins text[] NOT NULL,
  name text NOT NULL
);
CREATE INDEX fund_portfolio_idx ON {{schema}}.fund (portfolio_id, fund_id);
CREATE INDEX fund_isins_idx ON {{schema}}.fund USING gin (isins);

CREATE TABLE {{schema}}.cycle (
  id text PRIMARY KEY,
  doc jsonb NOT NULL,
  portfolio_id text NOT NULL,
  period text NOT NULL,
  state text NOT NULL,
  opened_at timestamptz NOT NULL
);
CREATE INDEX cycle_portfolio_idx ON {{schema}}.cycle (portfolio_id, opened_at DESC, id DESC);

CREATE TABLE {{schema}}.artefact (
  id text PRIMARY KEY,
  doc jsonb NOT NULL,
  portfolio_id text NOT NULL,
  cycle_id text,
  fund_id text,
  document_type text NOT NULL,
  ingested_at timestamptz NOT NULL
);
CREATE INDEX artefact_portfolio_idx ON {{schema}}.artefact (portfolio_id, ingested_at DESC, id DESC);

CREATE TABLE {{schema}}.operator_alert (
  id text PRIMARY KEY,
  doc jsonb NOT NULL,
  portfolio_id text,
  severity text NOT NULL,
  open boolean NOT NULL,
  raised_at timestamptz NOT NULL
);
CREATE INDEX operator_alert_raised_idx ON {{schema}}.operator_alert (raised_at DESC, id DESC);

CREATE TABLE {{schema}}.fund_workflow (
  id text PRIMARY KEY,
  doc jsonb NOT NULL,
  portfolio_id text NOT NULL,
  cycle_id text NOT NULL,
  fund_id text NOT NULL,
  state text NOT NULL
);
CREATE INDEX fund_workflow_cycle_idx ON {{schema}}.fund_workflow (cycle_id, fund_id);

CREATE TABLE {{schema}}.audit_entry (
  seq bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  request_id text NOT NULL,
  actor text,
  tenant_id text,
  roles text[] NOT NULL,
  method text NOT NULL,
  path text NOT NULL,
  endpoint text,
  status int NOT NULL,
  outcome text NOT NULL,
  portfolio_id text,
  error_code text
);
CREATE INDEX audit_entry_tenant_idx ON {{schema}}.audit_entry (tenant_id, seq DESC);
CREATE FUNCTION {{schema}}.refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END
$fn$;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON {{schema}}.audit_entry
  FOR EACH ROW EXECUTE FUNCTION {{schema}}.refuse_audit_change();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON {{schema}}.audit_entry
  FOR EACH STATEMENT EXECUTE FUNCTION {{schema}}.refuse_audit_change();`,
  },
  {
    version: 2001,
    name: 'exception queue, fund alerts and policy versions',
    sql: `
CREATE TABLE {{schema}}.exception (
  id text PRIMARY KEY,
  doc jsonb NOT NULL,
  portfolio_id text NOT NULL,
  cycle_id text NOT NULL,
  fund_id text NOT NULL,
  severity text NOT NULL,
  status text NOT NULL,
  category text,
  assignee text,
  materiality numeric NOT NULL
);
-- The queue: most material first, per portfolio.
CREATE INDEX exception_queue_idx ON {{schema}}.exception (portfolio_id, materiality DESC, id DESC);

CREATE TABLE {{schema}}.fund_alert (
  id text PRIMARY KEY,
  doc jsonb NOT NULL,
  portfolio_id text NOT NULL,
  cycle_id text NOT NULL,
  fund_id text NOT NULL,
  severity text NOT NULL,
  materiality numeric NOT NULL
);
CREATE INDEX fund_alert_portfolio_idx ON {{schema}}.fund_alert (portfolio_id, materiality DESC, id DESC);

CREATE TABLE {{schema}}.policy (
  id text PRIMARY KEY,
  doc jsonb NOT NULL
);`,
  },
  {
    version: 2002,
    name: 'exception queue per fund and per cycle',
    // A fund's or a cycle's queue is a small part of a portfolio's: read through the portfolio index it
    // walks most of the queue to fill a page (65 ms over 100,000 exceptions, see bench/src/gateway-bench.ts).
    sql: `
CREATE INDEX exception_fund_queue_idx ON {{schema}}.exception (portfolio_id, fund_id, materiality DESC, id DESC);
CREATE INDEX exception_cycle_queue_idx ON {{schema}}.exception (portfolio_id, cycle_id, materiality DESC, id DESC);`,
  },
];
