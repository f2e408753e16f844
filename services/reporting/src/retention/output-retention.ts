import {
  legalHoldCovers,
  periodEnd,
  type ActiveLegalHold,
  type OutputRetentionKeepReason,
  type OutputRetentionRule,
  type ReportOutputContentDeletedV1,
  type ReportOutputKind,
} from '@fai/contracts';

/*
 * Output retention (spec §7): which of reporting's outputs a sweep deletes the content of, decided
 * from facts alone. An output's content may go once its type's retention period has ended and, if it
 * belongs to a published report, that report's defensibility period too, unless a fund or portfolio
 * legal hold covers it (an artefact hold covers artefacts, never outputs). Types without a rule are
 * kept indefinitely: deleting is the exception that policy must ask for.
 */

/** An output whose content is still stored. */
export interface RetainedOutput {
  outputId: string;
  kind: ReportOutputKind;
  portfolioId: string;
  cycleId: string;
  runId: string;
  /** Absent for a run's portfolio summary. */
  fundId?: string;
  sha256: string;
  generatedAt: Date;
  /**
   * The published report it belongs to: the report's own files, and the draft files of the memo it
   * published (the memo input is the snapshot the report is rendered again from).
   */
  report?: { reportId: string; publishedAt: Date };
}

/** The output retention rules of a portfolio's latest source policy version. */
export interface OutputRetentionPolicy {
  sourcePolicyId: string;
  rules: readonly OutputRetentionRule[];
}

export interface OutputRetentionFacts {
  outputs: readonly RetainedOutput[];
  /** By portfolio id. */
  policies: ReadonlyMap<string, OutputRetentionPolicy>;
  holds: readonly ActiveLegalHold[];
}

export interface OutputDeletion {
  output: RetainedOutput;
  sourcePolicyId: string;
  rule: OutputRetentionRule;
}

export interface OutputKept {
  output: RetainedOutput;
  reason: OutputRetentionKeepReason;
  holdIds?: string[];
  reportId?: string;
  /** When the report's defensibility period ends. */
  until?: Date;
}

export interface OutputRetentionDecision {
  deletions: OutputDeletion[];
  /** Past their retention period, but kept. */
  kept: OutputKept[];
}

export function decideOutputRetention(facts: OutputRetentionFacts, now: Date): OutputRetentionDecision {
  const deletions: OutputDeletion[] = [];
  const kept: OutputKept[] = [];
  for (const output of facts.outputs) {
    const policy = facts.policies.get(output.portfolioId);
    const rule = policy?.rules.find((candidate) => candidate.outputType === output.kind);
    if (!policy || !rule || now < periodEnd(output.generatedAt, rule.retentionDays)) continue;
    const holdIds = facts.holds.filter((hold) => legalHoldCovers(hold, output)).map((hold) => hold.holdId);
    if (holdIds.length > 0) {
      kept.push({ output, reason: 'legal_hold', holdIds });
      continue;
    }
    const until = output.report && periodEnd(output.report.publishedAt, rule.defensibilityDays);
    if (output.report && until && now < until) {
      kept.push({ output, reason: 'report_defensibility', reportId: output.report.reportId, until });
      continue;
    }
    deletions.push({ output, sourcePolicyId: policy.sourcePolicyId, rule });
  }
  return { deletions, kept };
}

/** The event recording one deletion: what existed stays on record, only the bytes go. */
export function outputContentDeletedEvent(
  { output, sourcePolicyId, rule }: OutputDeletion,
  sweep: { sweepId: string; actor: string; at: Date },
): ReportOutputContentDeletedV1 {
  return {
    outputId: output.outputId,
    kind: output.kind,
    portfolioId: output.portfolioId,
    cycleId: output.cycleId,
    runId: output.runId,
    ...(output.fundId ? { fundId: output.fundId } : {}),
    ...(output.report ? { reportId: output.report.reportId } : {}),
    sha256: output.sha256,
    sweepId: sweep.sweepId,
    sourcePolicyId,
    retentionDays: rule.retentionDays,
    defensibilityDays: rule.defensibilityDays,
    actor: sweep.actor,
    at: sweep.at.toISOString(),
  };
}
