export { pgliteDriver } from './pglite-pg-driver';
export type { Projection, ReadModelEntity } from './projection';
export { PROJECTION_MIGRATIONS } from './projection.migrations';
export {
  DuplicateProjectionError,
  ProjectionCheckpointConflictError,
  ProjectionLeadLostError,
  UnknownProjectionError,
} from './projection-errors';
export {
  ProjectionRunner,
  type ProjectionLogger,
  type ProjectionRunnerOptions,
  type RebuildOutcome,
} from './projection-runner';
export {
  openReadModels,
  readModelDataSource,
  type ReadModelDataSourceOptions,
} from './read-model-data-source';
