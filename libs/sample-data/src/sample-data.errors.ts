import { FaiError } from '@fai/contracts';

/** The options asked for a portfolio that cannot be generated (no funds, periods not consecutive months). */
export class SampleDataInvalidError extends FaiError {
  constructor(message: string, details: Record<string, unknown>) {
    super({
      code: 'SAMPLE_DATA_OPTIONS_INVALID',
      message,
      hint: 'Ask for at least one fund and for consecutive YYYY-MM periods, oldest first (e.g. --funds 5 --periods 2026-09,2026-10).',
      details,
    });
  }
}
