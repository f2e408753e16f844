import type { FundReadyForReportV1 } from '@fai/contracts';
import type { CyclePins } from '../policies/policy-registry.decider';
import type { PinnedPolicies } from '../policies/policy-types';
import type { ValidationRunOutput } from '../validation-run';

export type PolicyIds = FundReadyForReportV1['policies'];

export function policyIdsOf(policies: PinnedPolicies): PolicyIds {
  return {
    ruleset: policies.ruleset.document.policyId,
    materiality: policies.materiality.document.policyId,
    sourcePolicy: policies.sourcePolicy.document.policyId,
  };
}

/** The ids a cycle's pins name, as the policy catalogue looks them up. */
export function pinnedIds(pins: CyclePins): {
  rulesetId: string;
  materialityId: string;
  sourcePolicyId: string;
} {
  return {
    rulesetId: pins.ruleset.policyId,
    materialityId: pins.materiality.policyId,
    sourcePolicyId: pins.sourcePolicy.policyId,
  };
}

/**
 * The run's funds with no blocking exception, ready for report as soon as the run is ranked; the
 * others wait for a reviewer to resolve their blocking exceptions. Each names how many of its
 * (non-blocking) exceptions are still open, for the memo.
 */
export function readyForReport(output: ValidationRunOutput, policies: PolicyIds): FundReadyForReportV1[] {
  return output.funds.flatMap((fund) => {
    const exceptions = output.exceptions.filter((exception) => exception.fundId === fund.fundId);
    if (exceptions.some((exception) => exception.blocking)) return [];
    return [
      {
        portfolioId: output.portfolioId,
        cycleId: output.cycleId,
        runId: output.runId,
        fundId: fund.fundId,
        at: output.summary.at,
        openExceptions: exceptions.length,
        policies,
      },
    ];
  });
}
