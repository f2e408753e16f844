// The validation context's contracts; the catalogue registers every contract exported here.
export * from './validation-completed.v1';
export * from './deltas-computed.v1';
export * from './exceptions-ranked.v1';
export * from './validation-stage-failed.v1';
export {
  CHANGE_CATEGORIES,
  EXCEPTION_KINDS,
  POLICY_KINDS,
  REVIEWER_ACTIONS,
  SEVERITIES,
  VALIDATION_CONTEXT,
} from './validation-record.schemas';
export * from './validation-refusals.errors';
export * from './policy-version-activated.v1';
export * from './cycle-policies-pinned.v1';
export * from './exception-raised.v1';
export * from './exception-assigned.v1';
export * from './exception-follow-up-requested.v1';
export * from './exception-monitoring-started.v1';
export * from './exception-resolved.v1';
export * from './alert-raised.v1';
export * from './fund-validated.v1';
export * from './fund-deltas-computed.v1';
export * from './validation-summarised.v1';
export * from './fund-ready-for-report.v1';
export * from './get-fund-review.v1';
export * from './activate-policy.v1';
export * from './act-on-exception.v1';
export * from './get-exception-queue.v1';
export * from './dry-run-policy.v1';
export { ROLES } from './validation-commands.schemas';
