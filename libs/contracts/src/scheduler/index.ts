// The scheduler context's contracts; the catalogue registers every contract exported here.
export {
  CYCLE_KINDS,
  RUN_STAGES,
  SCHEDULER_CONTEXT,
  type CycleKind,
  type RunStage,
} from './scheduler.schemas';
export * from './scheduler.errors';
export * from './portfolio-registered.v1';
export * from './portfolio-changed.v1';
export * from './portfolio-schedule-set.v1';
export * from './expected-inventory-set.v1';
export * from './cycle-opened.v1';
export * from './run-started.v1';
export * from './run-stage-started.v1';
export * from './run-stage-completed.v1';
export * from './run-failed.v1';
export * from './run-superseded.v1';
export * from './run-marked-incomplete.v1';
export * from './run-proceeded-at-cut-off.v1';
export * from './cycle-stalled.v1';
export * from './run-completed.v1';
export * from './run-fund-locked.v1';
export * from './register-portfolio.v1';
export * from './change-portfolio.v1';
export * from './set-portfolio-schedule.v1';
export * from './set-expected-inventory.v1';
export * from './open-adhoc-cycle.v1';
export * from './start-rerun.v1';
export * from './proceed-at-cut-off.v1';
