import { FaiError } from '@fai/contracts';

/** Stable codes are part of the public contract: add new ones, never rename. */
export type ExtractionFailureCode = `EXTRACTION_${string}`;

/** Where and why reading stopped, so an operator can open the artefact at the right place. */
export interface ExtractionDiagnostics {
  extractorId: string;
  line?: number;
  column?: number;
  [detail: string]: unknown;
}

/** The artefact could not be read as the extractor's format: no claims are produced from it. */
export class ExtractionFailedError extends FaiError {
  constructor(
    code: ExtractionFailureCode,
    message: string,
    hint: string,
    readonly diagnostics: ExtractionDiagnostics,
  ) {
    super({ code, message, hint, details: { ...diagnostics } });
  }
}

export type LocatorFailureCode = 'LOCATOR_INVALID' | 'LOCATOR_AMBIGUOUS' | 'LOCATOR_UNREADABLE_ARTEFACT';

/** A locator that cannot be resolved against its artefact: the evidence pointer is broken. */
export class LocatorResolutionError extends FaiError {
  constructor(code: LocatorFailureCode, message: string, hint: string, details: Record<string, unknown>) {
    super({ code, message, hint, details });
  }
}
