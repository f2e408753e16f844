import type { EventStore, Migration, SqlDatabase } from '@fai/event-store';
import type { LeaderLock } from '@fai/messaging';
import {
  PROJECTION_MIGRATIONS,
  ProjectionRunner,
  readModelDataSource,
  type ProjectionLogger,
} from '@fai/projections';
import type { DataSource } from 'typeorm';
import {
  fundReviewQueueProjection,
  FundReviewRow,
} from '../fund-workflow/projections/fund-review-queue.read-model';
import type { EventCodec } from '@fai/service-kit';

/*
 * The approval service's tables in its own schema, created by these migrations (the event store's
 * `migrate`, versions from 2000 on), never by TypeORM's synchronize.
 */

export const APPROVAL_MIGRATIONS: Migration[] = [
  ...PROJECTION_MIGRATIONS,
  {
    version: 2000,
    name: 'known runs, fund review queue',
    sql: `
CREATE TABLE {{schema}}.known_run (
  run_id text PRIMARY KEY,
  cycle_id text NOT NULL,
  run_number int NOT NULL,
  operator text NOT NULL,
  started_at timestamptz NOT NULL
);
CREATE INDEX known_run_cycle_idx ON {{schema}}.known_run (cycle_id, run_number);

CREATE TABLE {{schema}}.fund_review_queue (
  cycle_id text NOT NULL,
  fund_id text NOT NULL,
  portfolio_id text NOT NULL,
  run_id text NOT NULL,
  memo_id text NOT NULL,
  state text NOT NULL,
  submitted_by text,
  submitted_at timestamptz,
  approved_by text,
  approved_at timestamptz,
  rejection_notes text,
  report_id text,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (cycle_id, fund_id)
);
-- Reviewers list a cycle's funds by state: awaiting review, approved, ...
CREATE INDEX fund_review_queue_state_idx ON {{schema}}.fund_review_queue (cycle_id, state);`,
  },
  {
    version: 2001,
    name: 'evidence coverage per memo',
    sql: `
CREATE TABLE {{schema}}.memo_evidence (
  memo_id text PRIMARY KEY,
  pack_id text NOT NULL,
  cycle_id text NOT NULL,
  fund_id text NOT NULL,
  evidence_coverage text NOT NULL,
  built_at timestamptz NOT NULL
);`,
  },
];

export interface ReadModelOptions {
  /** PostgreSQL URL of the read models' own pool (unused when `database` is the embedded PGlite). */
  url: string;
  /** The service's database: on PGlite the read models share it. */
  database: SqlDatabase;
  schema: string;
  /** One leader per key across the service's replicas (the platform backend's leaderLock). */
  leaderLock(key: string): LeaderLock;
  store: Pick<EventStore, 'subscribeToAll'>;
  codec: EventCodec;
  logger?: ProjectionLogger;
}

/** The data source of the read models and the one runner (a leader across replicas) that keeps them. */
export function approvalReadModels(options: ReadModelOptions): {
  dataSource: DataSource;
  runner: ProjectionRunner;
} {
  const dataSource = readModelDataSource({
    url: options.url,
    database: options.database,
    schema: options.schema,
    entities: [FundReviewRow],
    applicationName: 'approval-read-models',
  });
  const runner = new ProjectionRunner({
    name: 'approval',
    schema: options.schema,
    dataSource,
    store: options.store,
    lock: options.leaderLock(`${options.schema}:projections:approval`),
    projections: [fundReviewQueueProjection(options.codec)],
    logger: options.logger,
  });
  return { dataSource, runner };
}
