import type {
  AlertRaisedV1,
  ClaimStatus,
  DeltasComputedV1,
  ExceptionRaisedV1,
  ExceptionsRankedV1,
  FundDeltasComputedV1,
  FundValidatedV1,
  ValidationCompletedV1,
  ValidationSummarisedV1,
} from '@fai/contracts';
import type { ValidationRunOutput } from './validation-run';

/**
 * The events a run's output is recorded as, per stage (validate, compare, rank), each stage
 * closed by the outcome event the scheduler waits for.
 */
export interface ValidationRunEvents {
  validate: {
    fundsValidated: FundValidatedV1[];
    summary: ValidationSummarisedV1;
    completed: ValidationCompletedV1;
  };
  compare: { fundDeltas: FundDeltasComputedV1[]; completed: DeltasComputedV1 };
  rank: { exceptions: ExceptionRaisedV1[]; alerts: AlertRaisedV1[]; completed: ExceptionsRankedV1 };
}

export function validationRunEvents(output: ValidationRunOutput): ValidationRunEvents {
  const { portfolioId, cycleId, runId, summary } = output;
  const at = summary.at;
  const completed = { portfolioId, cycleId, runId, at };
  return {
    validate: {
      fundsValidated: output.funds.map((fund) => ({
        portfolioId,
        cycleId,
        runId,
        fundId: fund.fundId,
        scope: fund.scope,
        rulesetId: summary.rulesetId,
        sourcePolicyId: summary.sourcePolicyId,
        completeness: fund.completeness,
        fields: fund.fields,
        checks: fund.checks,
        claimStatusCounts: countStatuses(Object.values(fund.claimStatuses)),
        at,
      })),
      summary,
      completed,
    },
    compare: {
      fundDeltas: output.funds.map((fund) => ({
        portfolioId,
        cycleId,
        runId,
        fundId: fund.fundId,
        baseline: fund.baseline,
        ...(fund.priorSnapshotId !== undefined && { priorSnapshotId: fund.priorSnapshotId }),
        deltas: fund.deltas,
        at,
      })),
      completed,
    },
    rank: { exceptions: output.exceptions, alerts: output.alerts, completed },
  };
}

function countStatuses(statuses: readonly ClaimStatus[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}
