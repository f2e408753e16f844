import type { Migration } from '@fai/event-store';

/*
 * Validation's own tables, beside its event store in the service schema (versions from 2000:
 * the event store has 1-999 and projections 1000-1999). Each is written in the same transaction as
 * the events it reflects, so a read after a command or a processed event sees its effect.
 * An applied migration is never edited; changes are new versions.
 */
export const VALIDATION_MIGRATIONS: Migration[] = [
  {
    version: 2000,
    name: 'cycles, artefacts, source problems, runs, fund reviews, exceptions, alerts, snapshots',
    sql: `
-- What the scheduler opened: the date a cycle reports as of.
CREATE TABLE {{schema}}.cycles (
  cycle_id text PRIMARY KEY,
  portfolio_id text NOT NULL,
  period text NOT NULL,
  as_of date NOT NULL
);

-- What ingest recorded about each artefact: the source policy admits it by these.
CREATE TABLE {{schema}}.artefacts (
  artefact_id text PRIMARY KEY,
  sha256 text NOT NULL,
  version int NOT NULL,
  run_id text NOT NULL,
  fund_id text,
  document_type text NOT NULL,
  source_type text NOT NULL,
  origin text
);

-- Ingest and extraction problems of a run's fund, raised as exceptions when the run is validated.
CREATE TABLE {{schema}}.source_problems (
  run_id text NOT NULL,
  fund_id text NOT NULL,
  problem_key text NOT NULL,
  problem jsonb NOT NULL,
  PRIMARY KEY (run_id, fund_id, problem_key)
);

-- One row per validated (or failed) run; the input is kept for dry runs and replays.
CREATE TABLE {{schema}}.runs (
  run_id text PRIMARY KEY,
  portfolio_id text NOT NULL,
  cycle_id text NOT NULL,
  as_of date NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('validated', 'failed')),
  policies jsonb,
  input jsonb,
  validated_at timestamptz NOT NULL
);
CREATE INDEX runs_portfolio ON {{schema}}.runs (portfolio_id, as_of DESC);

-- A fund's review in a run: FundValidated and FundDeltasComputed, readiness and the approval lock.
CREATE TABLE {{schema}}.fund_reviews (
  run_id text NOT NULL,
  fund_id text NOT NULL,
  portfolio_id text NOT NULL,
  cycle_id text NOT NULL,
  as_of date NOT NULL,
  baseline boolean NOT NULL,
  prior_snapshot jsonb,
  completeness jsonb NOT NULL,
  fields jsonb NOT NULL,
  checks jsonb NOT NULL,
  deltas jsonb NOT NULL,
  findings jsonb NOT NULL,
  validated_at timestamptz NOT NULL,
  ready_at timestamptz,
  locked_at timestamptz,
  PRIMARY KEY (run_id, fund_id)
);
CREATE INDEX fund_reviews_fund ON {{schema}}.fund_reviews (fund_id, as_of DESC, validated_at DESC);

-- The exception queue: ordered by materiality, filtered by fund, severity, kind, category, status, assignee.
CREATE TABLE {{schema}}.exceptions (
  exception_id text PRIMARY KEY,
  portfolio_id text NOT NULL,
  cycle_id text NOT NULL,
  run_id text NOT NULL,
  fund_id text NOT NULL,
  kind text NOT NULL,
  category text,
  severity text NOT NULL,
  blocking boolean NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'monitoring', 'resolved')),
  materiality numeric NOT NULL,
  title text NOT NULL,
  field_key text,
  assignee text,
  sla_due_at timestamptz NOT NULL,
  raised_at timestamptz NOT NULL,
  resolved_at timestamptz,
  time_to_close_seconds int,
  raised jsonb NOT NULL,
  resolution jsonb,
  decisions jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX exceptions_queue ON {{schema}}.exceptions (status, materiality DESC, exception_id);
CREATE INDEX exceptions_fund ON {{schema}}.exceptions (fund_id, status, materiality DESC, exception_id);
CREATE INDEX exceptions_run_fund ON {{schema}}.exceptions (run_id, fund_id);
CREATE INDEX exceptions_assignee ON {{schema}}.exceptions (assignee, status, materiality DESC, exception_id);
CREATE INDEX exceptions_severity ON {{schema}}.exceptions (severity, status, materiality DESC, exception_id);
CREATE INDEX exceptions_category ON {{schema}}.exceptions (category, status, materiality DESC, exception_id);

CREATE TABLE {{schema}}.alerts (
  alert_id text PRIMARY KEY,
  run_id text NOT NULL,
  fund_id text NOT NULL,
  severity text NOT NULL,
  score numeric NOT NULL,
  alert jsonb NOT NULL
);
CREATE INDEX alerts_run_fund ON {{schema}}.alerts (run_id, fund_id, score DESC);

-- Each fund's last approved snapshot: the published run's fields, the reference for the next deltas.
CREATE TABLE {{schema}}.fund_snapshots (
  fund_id text PRIMARY KEY,
  snapshot_id text NOT NULL,
  cycle_id text NOT NULL,
  run_id text NOT NULL,
  as_of date NOT NULL,
  snapshot jsonb NOT NULL,
  published_at timestamptz NOT NULL
);
`,
  },
  {
    version: 2001,
    name: 'a run input per fund',
    // One jsonb value holds at most 256 MB: a run's whole input (every claim of every fund) passed it at
    // about 200 funds. New runs keep the run part in runs.input and each fund's part here.
    sql: `
CREATE TABLE {{schema}}.run_fund_inputs (
  run_id text NOT NULL,
  fund_id text NOT NULL,
  input jsonb NOT NULL,
  PRIMARY KEY (run_id, fund_id)
);
`,
  },
];
