import { FaiError } from '@fai/contracts';
import type { ExtractionError } from './extraction.decider';

/** A link to an original filing was asked for an artefact that has no claims of its own. */
export class AmendmentWithoutClaimsError extends FaiError {
  constructor(artefactId: string) {
    super({
      code: 'EXTRACTION_AMENDMENT_WITHOUT_CLAIMS',
      message: `Artefact ${artefactId} has no extracted claims, so it cannot be recorded as an amendment.`,
      hint: 'This is a bug in the extraction service: amendments are linked only after their claims are stored.',
      details: { artefactId },
    });
  }
}

/** How a typed failure (ExtractionFailedError, ArtefactCorruptedError, ...) is recorded on the artefact. */
export function recordedFailure(error: FaiError): ExtractionError {
  return {
    code: error.code,
    message: error.message,
    hint: error.hint ?? '',
    diagnostics: error.details ?? {},
  };
}

/**
 * An extractor threw something other than ExtractionFailedError: a bug, but one the same bytes
 * and extractor version would repeat, so it is recorded as the artefact's failure rather than
 * retried without end.
 */
export function extractorCrash(extractorId: string, error: unknown): ExtractionError {
  const cause = error instanceof Error ? error : new Error(String(error));
  return {
    code: 'EXTRACTION_EXTRACTOR_CRASHED',
    message: `The ${extractorId} extractor failed unexpectedly: ${cause.message}`,
    hint: 'Report it with the artefact id: the extractor has a bug. A fixed extractor version extracts the artefact again.',
    diagnostics: { extractorId, error: cause.name },
  };
}
