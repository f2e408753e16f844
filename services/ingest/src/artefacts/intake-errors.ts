import { FaiError } from '@fai/contracts';
import { ArtefactRefusedError } from '@fai/artefact-store';

/*
 * Intake refusals that come from what ingest knows (portfolios, cycles, funds, source policy) rather
 * than from the bytes. Like content refusals they leave nothing stored and are recorded as
 * ArtefactRefused; their codes are part of the API.
 */

export class ArtefactUnknownPortfolioError extends ArtefactRefusedError {
  constructor(portfolioId: string) {
    super({
      code: 'ARTEFACT_UNKNOWN_PORTFOLIO',
      message: `Portfolio ${portfolioId} is not known to ingest.`,
      hint: 'Check the portfolio id; a portfolio registered a moment ago becomes known within seconds.',
      details: { portfolioId },
    });
  }
}

export class ArtefactUnknownCycleError extends ArtefactRefusedError {
  constructor(portfolioId: string, cycleId: string) {
    super({
      code: 'ARTEFACT_UNKNOWN_CYCLE',
      message: `Cycle ${cycleId} is not a cycle of portfolio ${portfolioId}.`,
      hint: "Leave the cycle out to use the portfolio's open cycle, or check the cycle id.",
      details: { portfolioId, cycleId },
    });
  }
}

export class ArtefactNoOpenCycleError extends ArtefactRefusedError {
  constructor(portfolioId: string) {
    super({
      code: 'ARTEFACT_NO_OPEN_CYCLE',
      message: `Portfolio ${portfolioId} has no cycle collecting artefacts right now.`,
      hint: 'Send the document once its cycle opens, or ask an operator to open an ad hoc cycle.',
      details: { portfolioId },
    });
  }
}

export class ArtefactCycleClosedError extends ArtefactRefusedError {
  constructor(cycleId: string, runStatus: string, stage: string | undefined) {
    super({
      code: 'ARTEFACT_CYCLE_CLOSED',
      message: `Cycle ${cycleId} no longer takes artefacts: its run is ${runStatus}${stage ? ` at stage ${stage}` : ''}.`,
      hint: 'A corrected document for a closed cycle needs a rerun: ask an operator to start one, then send it again.',
      details: { cycleId, runStatus, ...(stage ? { stage } : {}) },
    });
  }
}

export class ArtefactPeriodOutsideCycleError extends ArtefactRefusedError {
  constructor(documentPeriod: string, cycleId: string, cyclePeriod: string) {
    super({
      code: 'ARTEFACT_PERIOD_OUTSIDE_CYCLE',
      message: `The document reports on ${documentPeriod}, after the period ${cyclePeriod} of cycle ${cycleId}.`,
      hint: 'Send it again once the cycle of its period is open, or check that the right file was sent.',
      details: { documentPeriod, cycleId, cyclePeriod },
    });
  }
}

export class ArtefactUnknownFundError extends ArtefactRefusedError {
  constructor(portfolioId: string, identifiers: Record<string, unknown>, fundId?: string) {
    super({
      code: 'ARTEFACT_UNKNOWN_FUND',
      message: fundId
        ? `Fund ${fundId} is not a fund of portfolio ${portfolioId}.`
        : `No fund of portfolio ${portfolioId} matches the document's identifiers.`,
      hint: "Name the fund with the upload (fundId), or add the document's ISIN to the fund in the portfolio.",
      details: { portfolioId, identifiers, ...(fundId ? { fundId } : {}) },
    });
  }
}

export class ArtefactFundAmbiguousError extends ArtefactRefusedError {
  constructor(portfolioId: string, fundIds: string[]) {
    super({
      code: 'ARTEFACT_FUND_AMBIGUOUS',
      message: `The document names funds ${fundIds.join(', ')} of portfolio ${portfolioId}; an artefact concerns one fund.`,
      hint: 'Send one document per fund, or check that the fund named with the upload is the one the document is about.',
      details: { portfolioId, fundIds },
    });
  }
}

export class SourceNotAllowedError extends ArtefactRefusedError {
  constructor(sourceType: string, origin: string, sourcePolicyId: string) {
    super({
      code: 'SOURCE_NOT_ALLOWED',
      message: `The source policy ${sourcePolicyId} does not allow ${sourceType} artefacts from ${origin}.`,
      hint: 'Use a permitted source, or ask an administrator to add this origin to the source policy.',
      details: { sourceType, origin, sourcePolicyId },
    });
  }
}

export class RetrievalTimeRequiredError extends ArtefactRefusedError {
  constructor() {
    super({
      code: 'RETRIEVAL_TIME_REQUIRED',
      message: 'An online artefact needs the time it was retrieved (retrievedAt).',
      hint: 'Send retrievedAt, the moment the page or file was fetched.',
    });
  }
}

export class IntakeRequestInvalidError extends FaiError {
  constructor(problem: string) {
    super({
      code: 'INTAKE_REQUEST_INVALID',
      message: `The intake request is invalid: ${problem}.`,
      hint: 'Send multipart/form-data with the fields portfolioId (required), cycleId, fundId, sourceType, origin and one file part named "file", and the X-Fai-Actor header.',
      details: { problem },
    });
  }
}

export class InventoryNotFoundError extends FaiError {
  constructor(runId: string) {
    super({
      code: 'INVENTORY_NOT_FOUND',
      message: `Run ${runId} has no inventory.`,
      hint: 'Check the run id; a run that started a moment ago gets its inventory within seconds.',
      details: { runId },
    });
  }
}

export class ArtefactRecordNotFoundError extends FaiError {
  constructor(artefactId: string) {
    super({
      code: 'ARTEFACT_NOT_FOUND',
      message: `No artefact ${artefactId} is registered.`,
      hint: 'Check the artefact id returned by the intake.',
      details: { artefactId },
    });
  }
}
