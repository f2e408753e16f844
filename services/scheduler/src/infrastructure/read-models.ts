import type { EventStore, Migration, SqlDatabase } from '@fai/event-store';
import type { LeaderLock } from '@fai/messaging';
import {
  PROJECTION_MIGRATIONS,
  ProjectionRunner,
  readModelDataSource,
  type Projection,
  type ProjectionLogger,
  type ReadModelEntity,
} from '@fai/projections';
import type { DataSource } from 'typeorm';
import { cycleOverviewProjection, CycleOverviewRow } from '../cycles/projections/cycle-overview.read-model';
import { runTimelineProjection, RunTimelineRow } from '../cycles/projections/run-timeline.read-model';
import { ReceivedArtefactRow } from '../cycles/received-artefacts/received-artefact.read-model';
import {
  portfolioScheduleProjection,
  PortfolioScheduleRow,
} from '../portfolios/projections/portfolio-schedule.read-model';
import { SERVICE_NAME, type SchedulerConfig } from '../scheduler.config';
import type { EventCodec } from './event-codec';

/*
 * The scheduler's read models in its own schema. Tables come from these migrations (the event store's
 * `migrate`, versions from 2000 on: see PROJECTION_MIGRATIONS), never from TypeORM's synchronize.
 */

export const READ_MODEL_ENTITIES: readonly ReadModelEntity[] = [
  CycleOverviewRow,
  RunTimelineRow,
  PortfolioScheduleRow,
  ReceivedArtefactRow,
];

export const READ_MODEL_MIGRATIONS: Migration[] = [
  ...PROJECTION_MIGRATIONS,
  {
    version: 2000,
    name: 'cycle overview, run timeline, portfolio schedule',
    sql: `
CREATE TABLE {{schema}}.cycle_overview (
  cycle_id text PRIMARY KEY,
  portfolio_id text NOT NULL,
  period text NOT NULL,
  kind text NOT NULL,
  current_run_id text,
  current_run_number int NOT NULL,
  stage text,
  state text NOT NULL,
  publication_blocked boolean NOT NULL,
  failure jsonb,
  missing_artefacts jsonb NOT NULL,
  pinned_policy_versions jsonb NOT NULL,
  opened_at timestamptz NOT NULL,
  run_started_at timestamptz,
  stage_started_at timestamptz,
  completed_at timestamptz,
  last_stalled_at timestamptz,
  updated_at timestamptz NOT NULL
);
CREATE INDEX cycle_overview_portfolio_idx ON {{schema}}.cycle_overview (portfolio_id, period);
-- The clock reads the active runs on every tick.
CREATE INDEX cycle_overview_active_idx ON {{schema}}.cycle_overview (state) WHERE state IN ('running', 'incomplete');

CREATE TABLE {{schema}}.run_timeline (
  run_id text PRIMARY KEY,
  cycle_id text NOT NULL,
  run_number int NOT NULL,
  replaces_run_id text,
  stages jsonb NOT NULL,
  entries jsonb NOT NULL
);
CREATE INDEX run_timeline_cycle_idx ON {{schema}}.run_timeline (cycle_id, run_number);

CREATE TABLE {{schema}}.portfolio_schedule (
  portfolio_id text PRIMARY KEY,
  tenant_id text NOT NULL,
  schedule jsonb,
  expected_inventory jsonb NOT NULL,
  last_opened_period text,
  updated_at timestamptz NOT NULL
);`,
  },
  {
    version: 2001,
    name: 'received artefacts per run',
    sql: `
CREATE TABLE {{schema}}.received_artefact (
  run_id text NOT NULL,
  fund_id text NOT NULL,
  artefact_type text NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (run_id, fund_id, artefact_type)
);`,
  },
];

export function readModelProjections(codec: EventCodec): Projection[] {
  return [cycleOverviewProjection(codec), runTimelineProjection(codec), portfolioScheduleProjection(codec)];
}

type Connection = Pick<SchedulerConfig, 'FAI_PG_URL' | 'FAI_PG_SCHEMA'>;

/** On the service's own database: embedded, the read models share its PGlite; on a server, a pool of their own. */
export function schedulerDataSource(config: Connection, database: SqlDatabase): DataSource {
  return readModelDataSource({
    database,
    url: config.FAI_PG_URL,
    schema: config.FAI_PG_SCHEMA,
    entities: READ_MODEL_ENTITIES,
    applicationName: `${SERVICE_NAME}-read-models`,
  });
}

/** The one runner of the scheduler's projections; the service and the rebuild command share its lock. */
export function schedulerProjectionRunner(options: {
  config: Connection;
  dataSource: DataSource;
  store: Pick<EventStore, 'subscribeToAll'>;
  codec: EventCodec;
  /** The backend's leader locks (the service) or advisory locks on FAI_PG_URL (the rebuild command). */
  leaderLock: (key: string) => LeaderLock;
  logger?: ProjectionLogger;
}): ProjectionRunner {
  const { config } = options;
  return new ProjectionRunner({
    name: SERVICE_NAME,
    schema: config.FAI_PG_SCHEMA,
    dataSource: options.dataSource,
    store: options.store,
    lock: options.leaderLock(`${config.FAI_PG_SCHEMA}:projections:${SERVICE_NAME}`),
    projections: readModelProjections(options.codec),
    logger: options.logger,
  });
}
