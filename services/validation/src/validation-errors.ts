import { FaiError } from '@fai/contracts';

/*
 * Why validating a run can fail (a failure, not a finding: findings are exceptions). The service
 * reports these codes in ValidationStageFailed; the run then fails at its stage.
 */

export class UnknownScopeError extends FaiError {
  constructor(fundId: string, scope: string, rulesetId: string) {
    super({
      code: 'VALIDATION_SCOPE_UNKNOWN',
      message: `fund ${fundId} has scope ${scope}, which ${rulesetId} does not define`,
      hint: 'Configure the fund with a scope the pinned ruleset defines, or activate a ruleset that defines it.',
      details: { fundId, scope, rulesetId },
    });
  }
}

export class DuplicateFundInputError extends FaiError {
  constructor(fundId: string) {
    super({
      code: 'VALIDATION_FUND_TWICE',
      message: `fund ${fundId} appears twice in the run's input`,
      hint: 'Group all of a fund’s claims under one entry.',
      details: { fundId },
    });
  }
}
