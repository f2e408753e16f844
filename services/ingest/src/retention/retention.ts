import {
  legalHoldCovers,
  periodEnd,
  type ActiveLegalHold,
  type ArtefactContentDeletedV1,
  type DocumentType,
  type ReportPublishedV1,
  type RunInventory,
  type RetentionKeepReason,
  type RetentionRule,
} from '@fai/contracts';

/*
 * Retention (spec §7): which artefacts' content a sweep deletes, decided from facts alone. An
 * artefact's content may go once its class's retention period has ended, unless a legal hold covers
 * it or a published report still within its defensibility period depends on it. Classes without a
 * rule are kept indefinitely: deleting is the exception that policy must ask for.
 */

/** An artefact whose content is still stored. */
export interface RetainedArtefact {
  artefactId: string;
  tenantId: string;
  portfolioId: string;
  fundId?: string;
  sha256: string;
  documentType: DocumentType | 'unknown';
  ingestedAt: Date;
}

/** The retention rules of a portfolio's latest source policy version. */
export interface RetentionPolicy {
  sourcePolicyId: string;
  rules: readonly RetentionRule[];
}

/** A published report and the artefacts it was built from. */
export interface DependentReport {
  reportId: string;
  publishedAt: Date;
  artefactIds: readonly string[];
}

export interface RetentionFacts {
  artefacts: readonly RetainedArtefact[];
  /** By portfolio id. */
  policies: ReadonlyMap<string, RetentionPolicy>;
  holds: readonly ActiveLegalHold[];
  reports: readonly DependentReport[];
}

export interface RetentionDeletion {
  artefact: RetainedArtefact;
  sourcePolicyId: string;
  rule: RetentionRule;
  lastDependentReportId?: string;
}

export interface RetentionKept {
  artefact: RetainedArtefact;
  reason: RetentionKeepReason;
  holdIds?: string[];
  reportId?: string;
  until?: Date;
}

export interface RetentionDecision {
  deletions: RetentionDeletion[];
  kept: RetentionKept[];
}

export function decideRetentionSweep(facts: RetentionFacts, now: Date): RetentionDecision {
  const dependents = reportsByArtefact(facts.reports);
  const deletions: RetentionDeletion[] = [];
  const kept: RetentionKept[] = [];
  for (const artefact of facts.artefacts) {
    const policy = facts.policies.get(artefact.portfolioId);
    const rule = policy?.rules.find((candidate) => candidate.documentType === artefact.documentType);
    if (!policy || !rule || now < periodEnd(artefact.ingestedAt, rule.retentionDays)) continue;
    const holdIds = facts.holds.filter((hold) => legalHoldCovers(hold, artefact)).map((hold) => hold.holdId);
    if (holdIds.length > 0) {
      kept.push({ artefact, reason: 'legal_hold', holdIds });
      continue;
    }
    const last = latestReport(dependents.get(artefact.artefactId) ?? []);
    const until = last && periodEnd(last.publishedAt, rule.defensibilityDays);
    if (last && until && now < until) {
      kept.push({ artefact, reason: 'report_dependency', reportId: last.reportId, until });
      continue;
    }
    deletions.push({
      artefact,
      sourcePolicyId: policy.sourcePolicyId,
      rule,
      ...(last ? { lastDependentReportId: last.reportId } : {}),
    });
  }
  return { deletions, kept };
}

/** The event recording one deletion: what existed stays on record, only the bytes go. */
export function contentDeletedEvent(
  { artefact, sourcePolicyId, rule, lastDependentReportId }: RetentionDeletion,
  sweep: { sweepId: string; actor: string; at: Date },
): ArtefactContentDeletedV1 {
  return {
    artefactId: artefact.artefactId,
    tenantId: artefact.tenantId,
    portfolioId: artefact.portfolioId,
    ...(artefact.fundId ? { fundId: artefact.fundId } : {}),
    sha256: artefact.sha256,
    documentType: artefact.documentType,
    sweepId: sweep.sweepId,
    sourcePolicyId,
    retentionDays: rule.retentionDays,
    defensibilityDays: rule.defensibilityDays,
    ...(lastDependentReportId ? { lastDependentReportId } : {}),
    actor: sweep.actor,
    at: sweep.at.toISOString(),
  };
}

/**
 * The artefacts a published report depends on: what its run's inventory received for its fund (a
 * rerun's inventory carries over what the run it replaced received). Undefined when ingest has no
 * inventory for the run: the caller then keeps everything of the fund taken in before publication.
 */
export function reportDependencies(
  report: Pick<ReportPublishedV1, 'runId' | 'fundId'>,
  inventory: RunInventory | undefined,
): string[] | undefined {
  if (!inventory || inventory.runId !== report.runId) return undefined;
  const received = inventory.received.filter((artefact) => artefact.fundId === report.fundId);
  return [...new Set(received.map((artefact) => artefact.artefactId))].sort();
}

function reportsByArtefact(reports: readonly DependentReport[]): Map<string, DependentReport[]> {
  const byArtefact = new Map<string, DependentReport[]>();
  for (const report of reports)
    for (const artefactId of report.artefactIds)
      byArtefact.set(artefactId, [...(byArtefact.get(artefactId) ?? []), report]);
  return byArtefact;
}

function latestReport(reports: readonly DependentReport[]): DependentReport | undefined {
  return reports.reduce<DependentReport | undefined>(
    (latest, report) => (!latest || report.publishedAt > latest.publishedAt ? report : latest),
    undefined,
  );
}
