import { FaiError } from '../errors';

/*
 * The scheduler's refusals. Their codes and details cross the wire in command replies, so they are
 * part of the contract: the gateway and clients match on `code`, never on the message.
 */

export class PortfolioAlreadyRegisteredError extends FaiError {
  constructor(portfolioId: string) {
    super({
      code: 'PORTFOLIO_ALREADY_REGISTERED',
      message: `portfolio ${portfolioId} is already registered`,
      hint: 'Use ChangePortfolio to change it, or pick another portfolio id.',
      details: { portfolioId },
    });
  }
}

export class PortfolioNotFoundError extends FaiError {
  constructor(portfolioId: string) {
    super({
      code: 'PORTFOLIO_NOT_FOUND',
      message: `portfolio ${portfolioId} is not registered`,
      hint: 'Register the portfolio first, or check the portfolio id.',
      details: { portfolioId },
    });
  }
}

export class InvalidPortfolioError extends FaiError {
  constructor(portfolioId: string, problems: readonly string[]) {
    super({
      code: 'INVALID_PORTFOLIO',
      message: `portfolio ${portfolioId} is invalid: ${problems.join('; ')}`,
      hint: 'Fix each listed problem and send the command again.',
      details: { portfolioId, problems },
    });
  }
}

export class IsinReassignedError extends FaiError {
  constructor(
    portfolioId: string,
    reassigned: ReadonlyArray<{ isin: string; fromFundId: string; toFundId: string }>,
  ) {
    super({
      code: 'ISIN_REASSIGNED',
      message: `portfolio ${portfolioId}: ISINs would move to another fund id (${reassigned.map((r) => r.isin).join(', ')})`,
      hint: 'A fund keeps its fund_id for ever: change the ISINs or share classes of the existing fund instead.',
      details: { portfolioId, reassigned },
    });
  }
}

/** A fund identifier other than an ISIN: the SEC series id or the LEI. */
export type FundIdentifierScheme = 'series_id' | 'lei';

export class IdentifierReassignedError extends FaiError {
  constructor(
    portfolioId: string,
    reassigned: ReadonlyArray<{
      scheme: FundIdentifierScheme;
      value: string;
      fromFundId: string;
      toFundId: string;
    }>,
  ) {
    super({
      code: 'IDENTIFIER_REASSIGNED',
      message: `portfolio ${portfolioId}: fund identifiers would move to another fund id (${reassigned.map((r) => `${r.scheme} ${r.value}`).join(', ')})`,
      hint: 'A fund keeps its fund_id for ever: change the series id or LEI of the existing fund instead.',
      details: { portfolioId, reassigned },
    });
  }
}

export class FundStillExpectedError extends FaiError {
  constructor(portfolioId: string, fundIds: readonly string[]) {
    super({
      code: 'FUND_STILL_EXPECTED',
      message: `portfolio ${portfolioId}: removed funds still have an expected inventory (${fundIds.join(', ')})`,
      hint: 'Set the expected inventory without these funds first, then remove them.',
      details: { portfolioId, fundIds },
    });
  }
}

export class InvalidScheduleError extends FaiError {
  constructor(portfolioId: string, problems: readonly string[]) {
    super({
      code: 'INVALID_SCHEDULE',
      message: `schedule of portfolio ${portfolioId} is invalid: ${problems.join('; ')}`,
      hint: 'Fix each listed problem: time zones are IANA names (e.g. Europe/London), times HH:mm, periods YYYY-MM.',
      details: { portfolioId, problems },
    });
  }
}

export class InvalidInventoryError extends FaiError {
  constructor(portfolioId: string, problems: readonly string[]) {
    super({
      code: 'INVALID_INVENTORY',
      message: `expected inventory of portfolio ${portfolioId} is invalid: ${problems.join('; ')}`,
      hint: 'List only funds of the portfolio, each artefact type once per fund.',
      details: { portfolioId, problems },
    });
  }
}

export class ReasonRequiredError extends FaiError {
  constructor(what: string) {
    super({
      code: 'REASON_REQUIRED',
      message: `${what} needs a reason`,
      hint: 'Say why in the reason field: it is kept in the audit trail.',
      details: { what },
    });
  }
}

export class InvalidPeriodError extends FaiError {
  constructor(period: string) {
    super({
      code: 'INVALID_PERIOD',
      message: `"${period}" is not a period`,
      hint: 'A period is the reported month as YYYY-MM, e.g. 2026-10.',
      details: { period },
    });
  }
}

export class AdhocCycleRequiresOperatorError extends FaiError {
  constructor(portfolioId: string, period: string) {
    super({
      code: 'ADHOC_REQUIRES_OPERATOR',
      message: `an adhoc cycle for ${portfolioId} ${period} can only be opened by an operator`,
      hint: 'The clock opens scheduled cycles only; an operator opens adhoc ones, with a reason.',
      details: { portfolioId, period },
    });
  }
}

/** The double-run guard: (portfolio, period, kind) has a cycle already. */
export class CycleAlreadyOpenedError extends FaiError {
  constructor(readonly existingCycleId: string) {
    super({
      code: 'CYCLE_ALREADY_OPEN',
      message: `cycle ${existingCycleId} is already open`,
      hint: 'Use the existing cycle; start a rerun in it if its current run must be replaced.',
      details: { existingCycleId },
    });
  }
}

export class CycleNotFoundError extends FaiError {
  constructor(cycleId: string) {
    super({
      code: 'CYCLE_NOT_FOUND',
      message: `cycle ${cycleId} has not been opened`,
      hint: 'Check the cycle id; cycles are opened by the schedule or by an operator.',
      details: { cycleId },
    });
  }
}

export class IllegalStageTransitionError extends FaiError {
  constructor(details: {
    cycleId: string;
    runId: string;
    stage: string;
    transition: 'complete' | 'fail';
    currentRunId: string;
    currentRunStatus: string;
    currentStage?: string;
  }) {
    super({
      code: 'ILLEGAL_STAGE_TRANSITION',
      message: `cannot ${details.transition} stage ${details.stage} of run ${details.runId}: the current run ${details.currentRunId} is ${details.currentRunStatus}${details.currentStage ? ` at ${details.currentStage}` : ''}`,
      hint: 'Stages complete in order (ingest, extract, validate, compare, rank, report) and only for the current run; a stale event can be dropped.',
      details,
    });
  }
}

export class RunNotCurrentError extends FaiError {
  constructor(cycleId: string, runId: string, currentRunId: string) {
    super({
      code: 'RUN_NOT_CURRENT',
      message: `run ${runId} is not the current run of cycle ${cycleId} (${currentRunId} is)`,
      hint: 'Re-read the cycle and act on its current run.',
      details: { cycleId, runId, currentRunId },
    });
  }
}

export class RerunNotAllowedError extends FaiError {
  constructor(cycleId: string, runId: string, lockedFundIds: readonly string[]) {
    super({
      code: 'RERUN_NOT_ALLOWED',
      message: `run ${runId} of cycle ${cycleId} has approved or published funds (${lockedFundIds.join(', ')}) and cannot be replaced`,
      hint: 'Approved and published content is never changed: open a new (adhoc) cycle for a later period or correct through the next cycle.',
      details: { cycleId, runId, lockedFundIds },
    });
  }
}

export class CutOffNotApplicableError extends FaiError {
  constructor(cycleId: string, runId: string, runStatus: string, stage?: string) {
    super({
      code: 'CUT_OFF_NOT_APPLICABLE',
      message: `run ${runId} of cycle ${cycleId} is ${runStatus}${stage ? ` at ${stage}` : ''}: the artefact cut-off no longer applies`,
      hint: 'The cut-off only marks a running run that is still ingesting; nothing to do.',
      details: { cycleId, runId, runStatus, stage },
    });
  }
}

export class RunNotIncompleteError extends FaiError {
  constructor(cycleId: string, runId: string, runStatus: string) {
    super({
      code: 'RUN_NOT_INCOMPLETE',
      message: `run ${runId} of cycle ${cycleId} is ${runStatus}, not incomplete`,
      hint: 'Proceeding at cut-off is only for a run marked incomplete.',
      details: { cycleId, runId, runStatus },
    });
  }
}

export class RunNotInReviewError extends FaiError {
  constructor(cycleId: string, runId: string, runStatus: string) {
    super({
      code: 'RUN_NOT_IN_REVIEW',
      message: `run ${runId} of cycle ${cycleId} is ${runStatus}: its funds cannot be approved or published`,
      hint: 'Funds are approved and published only from a completed run.',
      details: { cycleId, runId, runStatus },
    });
  }
}
