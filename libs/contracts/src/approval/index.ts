// The approval context's contracts; the catalogue registers every contract exported here.
export { APPROVAL_CONTEXT, WORKFLOW_STATES, type WorkflowState } from './approval.schemas';
export * from './approval.errors';
export * from './fund-entered-draft.v1';
export * from './fund-submitted-for-review.v1';
export * from './fund-approved.v1';
export * from './fund-rejected.v1';
export * from './fund-published.v1';
export * from './approval-policy-set.v1';
export * from './submit-for-review.v1';
export * from './approve.v1';
export * from './reject.v1';
export * from './set-approval-policy.v1';
export * from './get-fund-workflow.v1';
