import { FaiError } from '../errors';

/*
 * The validation context's refusals. Their codes and details cross the wire in command replies, so
 * they are part of the contract: the gateway and clients match on `code`, never on the message.
 */

export class PolicyInvalidError extends FaiError {
  constructor(source: string, problems: readonly string[]) {
    super({
      code: 'POLICY_INVALID',
      message: `policy document ${source} is invalid: ${problems.join('; ')}`,
      hint: 'Fix each listed problem in the document (it must satisfy its JSON Schema) and load it again.',
      details: { source, problems },
    });
  }
}

export class PolicyActivationForbiddenError extends FaiError {
  constructor(actor: string, policyId: string) {
    super({
      code: 'POLICY_ACTIVATION_FORBIDDEN',
      message: `${actor} may not activate ${policyId}: only administrators change policies`,
      hint: 'Ask an administrator to activate the version.',
      details: { actor, policyId },
    });
  }
}

export class RationaleRequiredError extends FaiError {
  constructor(what: string, field = 'rationale') {
    super({
      code: 'RATIONALE_REQUIRED',
      message: `${what} needs a ${field}`,
      hint: `Say why, in words an auditor can read, in \`${field}\`.`,
      details: { what, field },
    });
  }
}

export class PolicyVersionAlreadyActiveError extends FaiError {
  constructor(policyId: string) {
    super({
      code: 'POLICY_VERSION_ALREADY_ACTIVE',
      message: `${policyId} is already the active version`,
      hint: 'Nothing to do; to change the policy, add a new version and activate that.',
      details: { policyId },
    });
  }
}

export class PolicyContentMismatchError extends FaiError {
  constructor(policyId: string, knownHash: string, givenHash: string) {
    super({
      code: 'POLICY_CONTENT_MISMATCH',
      message: `${policyId} was registered with other content (${knownHash}, now ${givenHash})`,
      hint: 'A version never changes: restore the document, or publish the change as a new version.',
      details: { policyId, knownHash, givenHash },
    });
  }
}

export class PolicyVersionUnknownError extends FaiError {
  constructor(policyId: string) {
    super({
      code: 'POLICY_VERSION_UNKNOWN',
      message: `${policyId} has never been activated`,
      hint: 'Activate the version first (an administrator, with a rationale), or pin a known version.',
      details: { policyId },
    });
  }
}

export class PolicyKindMismatchError extends FaiError {
  constructor(policyId: string, expected: string, actual: string) {
    super({
      code: 'POLICY_KIND_MISMATCH',
      message: `${policyId} is a ${actual} policy, not a ${expected}`,
      hint: 'Pin each policy kind with a version of that kind.',
      details: { policyId, expected, actual },
    });
  }
}

export class NoActivePolicyError extends FaiError {
  constructor(policyKind: string) {
    super({
      code: 'POLICY_NOT_ACTIVE',
      message: `no ${policyKind} version is active`,
      hint: 'An administrator activates a version before cycles can pin it.',
      details: { policyKind },
    });
  }
}

export class CyclePoliciesAlreadyPinnedError extends FaiError {
  constructor(cycleId: string) {
    super({
      code: 'CYCLE_POLICIES_ALREADY_PINNED',
      message: `cycle ${cycleId} already pinned other policy versions`,
      hint: 'A cycle keeps its pins; an administrator may re-pin with a reason.',
      details: { cycleId },
    });
  }
}

export class CyclePoliciesNotPinnedError extends FaiError {
  constructor(cycleId: string) {
    super({
      code: 'CYCLE_POLICIES_NOT_PINNED',
      message: `cycle ${cycleId} has no pinned policy versions`,
      hint: 'Pin the cycle first; re-pinning replaces an existing pin.',
      details: { cycleId },
    });
  }
}

export class ExceptionNotFoundError extends FaiError {
  constructor(exceptionId: string) {
    super({
      code: 'EXCEPTION_NOT_FOUND',
      message: `exception ${exceptionId} was never raised`,
      hint: 'Check the exception id against the exception queue.',
      details: { exceptionId },
    });
  }
}

export class ExceptionAlreadyRaisedError extends FaiError {
  constructor(exceptionId: string) {
    super({
      code: 'EXCEPTION_ALREADY_RAISED',
      message: `exception ${exceptionId} was already raised with other content`,
      hint: 'Exception ids derive from the run and the fingerprint: a different finding needs another run or fingerprint.',
      details: { exceptionId },
    });
  }
}

export class ExceptionAlreadyResolvedError extends FaiError {
  constructor(exceptionId: string) {
    super({
      code: 'EXCEPTION_ALREADY_RESOLVED',
      message: `exception ${exceptionId} is resolved`,
      hint: 'A resolved exception is final; if the issue comes back, the next run raises it again.',
      details: { exceptionId },
    });
  }
}

export class ExceptionTransitionNotAllowedError extends FaiError {
  constructor(exceptionId: string, status: string, action: string) {
    super({
      code: 'EXCEPTION_TRANSITION_NOT_ALLOWED',
      message: `exception ${exceptionId} is ${status}: ${action} does not apply`,
      hint: 'From monitoring, resolve it (accept, edit or reject) or ask for a follow-up.',
      details: { exceptionId, status, action },
    });
  }
}

export class ExceptionActionForbiddenError extends FaiError {
  constructor(exceptionId: string, actor: string, action: string) {
    super({
      code: 'EXCEPTION_ACTION_FORBIDDEN',
      message: `${actor} may not ${action} exception ${exceptionId}`,
      hint: 'Operators triage and reviewers decide; read-only users cannot act on exceptions.',
      details: { exceptionId, actor, action },
    });
  }
}

export class ReviewerDecisionRequiredError extends FaiError {
  constructor(exceptionId: string, actor: string) {
    super({
      code: 'REVIEWER_DECISION_REQUIRED',
      message: `exception ${exceptionId} is a high-severity contradiction: ${actor} is not a reviewer`,
      hint: 'Assign it to a reviewer; only a reviewer may decide it.',
      details: { exceptionId, actor },
    });
  }
}

export class EditValueRequiredError extends FaiError {
  constructor(exceptionId: string) {
    super({
      code: 'EDIT_VALUE_REQUIRED',
      message: `editing exception ${exceptionId} needs the new value and its unit`,
      hint: 'Send `edit: { value, unit }` with the rationale.',
      details: { exceptionId },
    });
  }
}

export class ConflictChoiceInvalidError extends FaiError {
  constructor(exceptionId: string, claimId: string | undefined) {
    super({
      code: 'CONFLICT_CHOICE_INVALID',
      message: `exception ${exceptionId}: ${claimId ?? 'no claim'} is not one of the conflicting claims`,
      hint: 'Accept one of the exception’s evidence claims (chosenClaimId), or edit with a new value.',
      details: { exceptionId, claimId },
    });
  }
}

export class FundHasBlockingExceptionsError extends FaiError {
  constructor(fundId: string, exceptionIds: readonly string[]) {
    super({
      code: 'FUND_HAS_BLOCKING_EXCEPTIONS',
      message: `fund ${fundId} cannot go to review: ${exceptionIds.length} blocking exception(s) unresolved`,
      hint: 'Resolve the blocking exceptions first (accept, edit or reject, with a rationale).',
      details: { fundId, exceptionIds },
    });
  }
}

export class FundReviewNotFoundError extends FaiError {
  constructor(runId: string, fundId: string) {
    super({
      code: 'FUND_REVIEW_NOT_FOUND',
      message: `run ${runId} has not validated fund ${fundId}`,
      hint: 'Ask after the run’s FundValidated for the fund (FundReadyForReport says when it is ready).',
      details: { runId, fundId },
    });
  }
}

export class FundLockedError extends FaiError {
  constructor(runId: string, fundId: string) {
    super({
      code: 'FUND_LOCKED',
      message: `fund ${fundId} is approved in run ${runId}: its exceptions can no longer change`,
      hint: 'Reject the approval first (approval context), or start a rerun.',
      details: { runId, fundId },
    });
  }
}

export class ExceptionQueueCursorInvalidError extends FaiError {
  constructor() {
    super({
      code: 'EXCEPTION_QUEUE_CURSOR_INVALID',
      message: 'the cursor is not one this query returned',
      hint: 'Pass nextCursor from the previous reply unchanged, with the same filters; or start again without one.',
    });
  }
}

export class DryRunNothingToCompareError extends FaiError {
  constructor(details: Record<string, unknown>) {
    super({
      code: 'DRY_RUN_NOTHING_TO_COMPARE',
      message: 'no recorded run matches, or no candidate version was given',
      hint: 'Name a candidate rulesetId or materialityId, and runIds or a portfolio with validated runs.',
      details,
    });
  }
}
