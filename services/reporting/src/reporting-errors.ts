import { FaiError } from '@fai/contracts';

/** The service's own failures (its refusals to callers live in @fai/contracts, reporting.errors.ts). */

export class TemplateNotFoundError extends FaiError {
  constructor(templateVersion: string, known: readonly string[]) {
    super({
      code: 'TEMPLATE_NOT_FOUND',
      message: `report template ${templateVersion} does not exist`,
      hint: `Pin one of the released templates: ${known.join(', ') || 'none found'}.`,
      details: { templateVersion, known },
    });
  }
}
