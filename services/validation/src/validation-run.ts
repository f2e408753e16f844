import type { AlertRaisedV1, ClaimStatus, ExceptionRaisedV1, ValidationSummarisedV1 } from '@fai/contracts';
import type { CheckResult, ExceptionCandidate } from './checks/check-result';
import type { Completeness } from './checks/completeness.check';
import { artefactKey, type ArtefactFacts, type ValidationClaim } from './claims/validation-claim';
import { computeDeltas } from './deltas/compute-deltas';
import type { Delta } from './deltas/delta';
import type { Field } from './fields/field';
import type { FundSnapshot } from './fields/snapshot';
import { validateFund } from './fund-validation';
import { rankExceptionQueue } from './materiality/exception-queue';
import { rankFindings, type Finding } from './materiality/rank-findings';
import type { PinnedPolicies, RulesetPolicy } from './policies/policy-types';
import { compareText } from './shared/ordering';
import { DuplicateFundInputError } from './validation-errors';

/** An ingest or extraction problem with one of the fund's artefacts (duplicate, stale, missing, unreadable). */
export interface SourceProblem {
  kind: keyof RulesetPolicy['sourceProblems'];
  code: string;
  message: string;
  artefactSha256?: string;
}

export interface FundRunInput {
  fundId: string;
  /** The ruleset scope whose required fields apply to the fund. */
  scope: string;
  claims: readonly ValidationClaim[];
  /** The fund's last approved snapshot; none for its first cycle (the baseline). */
  priorSnapshot?: FundSnapshot;
  /** The previous cycle's findings: persistence counts consecutive cycles. */
  priorFindings?: readonly Finding[];
  sourceProblems?: readonly SourceProblem[];
}

export interface ValidationRunInput {
  portfolioId: string;
  cycleId: string;
  runId: string;
  /** The date the cycle reports as of (the period's last day): evidence age is measured to it. */
  asOf: string;
  /** When the run is validated: exception and alert times, SLA due times. */
  now: Date;
  policies: PinnedPolicies;
  artefacts: readonly ArtefactFacts[];
  funds: readonly FundRunInput[];
}

export interface FundValidation {
  fundId: string;
  scope: string;
  baseline: boolean;
  priorSnapshotId?: string;
  completeness: Completeness;
  fields: Field[];
  checks: CheckResult[];
  claimStatuses: Record<string, ClaimStatus>;
  deltas: Delta[];
  /** What the next cycle passes back as `priorFindings`. */
  findings: Finding[];
}

export interface ValidationRunOutput {
  portfolioId: string;
  cycleId: string;
  runId: string;
  asOf: string;
  funds: FundValidation[];
  /** The exception queue: most material first. */
  exceptions: ExceptionRaisedV1[];
  alerts: AlertRaisedV1[];
  summary: ValidationSummarisedV1;
}

/**
 * Validates one run: per fund, checks and fields (validate), deltas against the last approved
 * snapshot (compare), materiality scores, the ranked exception queue and alerts (rank).
 * A pure function of its input: the same claims, snapshots and pinned policies give the same
 * output, ids included, on every replay.
 */
export function validateRun(input: ValidationRunInput): ValidationRunOutput {
  const { policies } = input;
  const artefacts = new Map(
    input.artefacts.map((facts) => [artefactKey(facts.sha256, facts.version), facts]),
  );
  const run = { portfolioId: input.portfolioId, cycleId: input.cycleId, runId: input.runId, now: input.now };
  const funds = [...input.funds].sort((a, b) => compareText(a.fundId, b.fundId));
  const twice = funds.find((fund, index) => index > 0 && funds[index - 1].fundId === fund.fundId);
  if (twice) throw new DuplicateFundInputError(twice.fundId);
  const results = funds.map((fund) => {
    const checked = validateFund(fund, artefacts, input.asOf, policies);
    const compared = computeDeltas(
      { runId: input.runId, fundId: fund.fundId },
      checked.fields,
      fund.priorSnapshot,
      policies.ruleset.document.deltas.untracked,
      policies.materiality.document,
    );
    const ranked = rankFindings(
      run,
      {
        fundId: fund.fundId,
        candidates: [
          ...checked.exceptions,
          ...(fund.sourceProblems ?? []).map((problem) => problemCandidate(problem, policies)),
        ],
        deltas: compared.deltas,
        fields: checked.fields,
        claims: new Map(fund.claims.map((claim) => [claim.claimId, claim])),
        priorFindings: new Map(
          (fund.priorFindings ?? []).map((finding) => [finding.fingerprint, finding.consecutiveCycles]),
        ),
      },
      policies,
    );
    const validation: FundValidation = {
      fundId: fund.fundId,
      scope: fund.scope,
      baseline: compared.baseline,
      ...(compared.priorSnapshotId !== undefined && { priorSnapshotId: compared.priorSnapshotId }),
      completeness: checked.completeness,
      fields: checked.fields,
      checks: checked.results,
      claimStatuses: checked.claimStatuses,
      deltas: ranked.deltas,
      findings: ranked.findings,
    };
    return { validation, exceptions: ranked.exceptions, alerts: ranked.alerts };
  });
  const exceptions = rankExceptionQueue(results.flatMap((result) => result.exceptions));
  const alerts = results.flatMap((result) => result.alerts);
  const fundValidations = results.map((result) => result.validation);
  return {
    portfolioId: input.portfolioId,
    cycleId: input.cycleId,
    runId: input.runId,
    asOf: input.asOf,
    funds: fundValidations,
    exceptions,
    alerts,
    summary: summarise(input, fundValidations, exceptions, alerts),
  };
}

function problemCandidate(problem: SourceProblem, policies: PinnedPolicies): ExceptionCandidate {
  return {
    kind: problem.kind,
    policy: policies.ruleset.document.sourceProblems[problem.kind],
    title: problem.message,
    subject: `${problem.kind}:${problem.code}${problem.artefactSha256 ? `:${problem.artefactSha256.slice(0, 12)}` : ''}`,
    evidenceClaimIds: [],
    details: {
      code: problem.code,
      ...(problem.artefactSha256 !== undefined && { artefactSha256: problem.artefactSha256 }),
    },
  };
}

/** Counts per category and severity for ValidationSummarised. */
function summarise(
  input: ValidationRunInput,
  funds: readonly FundValidation[],
  exceptions: readonly ExceptionRaisedV1[],
  alerts: readonly AlertRaisedV1[],
): ValidationSummarisedV1 {
  const deltas = funds.flatMap((fund) => fund.deltas);
  return {
    portfolioId: input.portfolioId,
    cycleId: input.cycleId,
    runId: input.runId,
    rulesetId: input.policies.ruleset.document.policyId,
    materialityId: input.policies.materiality.document.policyId,
    sourcePolicyId: input.policies.sourcePolicy.document.policyId,
    funds: funds.map((fund) => ({
      fundId: fund.fundId,
      completenessScore: fund.completeness.score,
      baseline: fund.baseline,
      blockingExceptions: exceptions.filter(
        (exception) => exception.fundId === fund.fundId && exception.blocking,
      ).length,
    })),
    exceptions: {
      total: exceptions.length,
      blocking: exceptions.filter((exception) => exception.blocking).length,
      byKind: countBy(exceptions.map((exception) => exception.kind)),
      bySeverity: countBy(exceptions.map((exception) => exception.severity)),
    },
    deltas: {
      total: deltas.length,
      byCategory: countBy(deltas.map((delta) => delta.category)),
      bySeverity: countBy(deltas.map((delta) => delta.materiality.severity)),
    },
    alerts: { total: alerts.length, bySeverity: countBy(alerts.map((alert) => alert.severity)) },
    checks: countBy(funds.flatMap((fund) => fund.checks.map((check) => check.status))),
    at: input.now.toISOString(),
  };
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of [...values].sort(compareText)) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
