import { FaiError } from '@fai/contracts';

export class LegalHoldNotFoundError extends FaiError {
  constructor(holdId: string) {
    super({
      code: 'LEGAL_HOLD_NOT_FOUND',
      message: `No legal hold ${holdId} was placed.`,
      hint: 'Use the holdId the place-legal-hold reply gave.',
      details: { holdId },
    });
  }
}

export class LegalHoldAlreadyReleasedError extends FaiError {
  constructor(holdId: string) {
    super({
      code: 'LEGAL_HOLD_ALREADY_RELEASED',
      message: `Legal hold ${holdId} is already released.`,
      hint: 'Nothing to do; place a new hold if the artefacts must be kept again.',
      details: { holdId },
    });
  }
}

export class ArtefactContentDeletedError extends FaiError {
  constructor(artefactId: string, deletedAt: string) {
    super({
      code: 'ARTEFACT_CONTENT_DELETED',
      message: `The content of artefact ${artefactId} was deleted by retention at ${deletedAt}.`,
      hint: 'Its record and sha256 remain; the ArtefactContentDeleted event says which policy deleted it.',
      details: { artefactId, deletedAt },
    });
  }
}
