import { FaiError } from '../errors';

/*
 * The approval context's refusals. Their codes and details cross the wire in command replies, so
 * they are part of the contract: the gateway and clients match on `code`, never on the message.
 */

export type SeparationOfDutiesRule = 'approver_is_operator' | 'approver_is_submitter';

interface FundRef {
  readonly cycleId: string;
  readonly fundId: string;
}

export class SeparationOfDutiesError extends FaiError {
  constructor(fund: FundRef & { actor: string; rule: SeparationOfDutiesRule; portfolioId: string }) {
    const who = fund.rule === 'approver_is_operator' ? 'operated the run' : 'submitted the fund for review';
    super({
      code: 'SEPARATION_OF_DUTIES',
      message: `${fund.actor} ${who} of fund ${fund.fundId} in cycle ${fund.cycleId} and may not approve it`,
      hint: 'Another reviewer must approve; the portfolio’s approval policy says who may not.',
      details: { ...fund },
    });
  }
}

export class FundNotInReviewError extends FaiError {
  constructor(fund: FundRef & { state: string }) {
    super({
      code: 'FUND_NOT_IN_REVIEW',
      message: `fund ${fund.fundId} in cycle ${fund.cycleId} is ${fund.state}, not in review`,
      hint: 'Submit the fund for review first; only a fund in review can be approved or rejected.',
      details: { ...fund },
    });
  }
}

export class FundNotDraftedError extends FaiError {
  constructor(fund: FundRef) {
    super({
      code: 'FUND_NOT_DRAFTED',
      message: `fund ${fund.fundId} has no drafted memo in cycle ${fund.cycleId}`,
      hint: 'Wait for reporting to draft the fund’s memo (it follows validation), or check the ids.',
      details: { ...fund },
    });
  }
}

export class FundAlreadyApprovedError extends FaiError {
  constructor(fund: FundRef & { approvedBy: string }) {
    super({
      code: 'FUND_ALREADY_APPROVED',
      message: `fund ${fund.fundId} in cycle ${fund.cycleId} is already approved (by ${fund.approvedBy})`,
      hint: 'Approved content is locked for the cycle: correct it through a new cycle.',
      details: { ...fund },
    });
  }
}

export class FundAlreadyPublishedError extends FaiError {
  constructor(fund: FundRef) {
    super({
      code: 'FUND_ALREADY_PUBLISHED',
      message: `fund ${fund.fundId} in cycle ${fund.cycleId} is already published`,
      hint: 'Published content never changes: correct it through a new cycle.',
      details: { ...fund },
    });
  }
}

export class NotesRequiredError extends FaiError {
  constructor(fund: FundRef & { action: string }) {
    super({
      code: 'NOTES_REQUIRED',
      message: `${fund.action} of fund ${fund.fundId} in cycle ${fund.cycleId} needs notes`,
      hint: 'Say what must change before the fund can be approved, in words the analyst can act on.',
      details: { ...fund },
    });
  }
}

export class RunOperatorUnknownError extends FaiError {
  constructor(fund: FundRef & { runId: string }) {
    super({
      code: 'RUN_OPERATOR_UNKNOWN',
      message: `the operator of run ${fund.runId} is not known yet, so separation of duties cannot be checked for fund ${fund.fundId}`,
      hint: 'The approval service learns it from the scheduler’s RunStarted: retry in a moment; if it persists, check that event reaches the approval service.',
      details: { ...fund },
    });
  }
}

export class DraftSupersededError extends FaiError {
  constructor(fund: FundRef & { runId: string; currentRunId: string }) {
    super({
      code: 'DRAFT_SUPERSEDED',
      message: `the draft of fund ${fund.fundId} comes from run ${fund.runId}, replaced by run ${fund.currentRunId}`,
      hint: 'Wait for the fund’s memo to be drafted from the current run, then review that draft.',
      details: { ...fund },
    });
  }
}

export class EvidenceIncompleteError extends FaiError {
  constructor(fund: FundRef & { memoId: string; evidenceCoverage: string | null }) {
    const coverage =
      fund.evidenceCoverage === null
        ? 'has no evidence pack yet'
        : `has evidence coverage ${fund.evidenceCoverage}`;
    super({
      code: 'EVIDENCE_INCOMPLETE',
      message: `memo ${fund.memoId} of fund ${fund.fundId} in cycle ${fund.cycleId} ${coverage}; approval needs 1`,
      hint: 'Every figure of the memo must trace to a claim: wait for its evidence pack, or reject the fund so the gaps are fixed and it is redrafted.',
      details: { ...fund },
    });
  }
}
