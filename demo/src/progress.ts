import type { SeenEvent } from './event-feed';

type Line = (data: Record<string, unknown>) => string;

/** What each event says in the demo's progress output; events not listed stay in the log only. */
const LINES: Record<string, Line> = {
  'fai.scheduler.cycle-opened.v1': (d) => `cycle ${d.cycleId} opened for ${d.period}`,
  'fai.scheduler.run-started.v1': (d) => `run ${d.runId} started`,
  'fai.scheduler.run-stage-started.v1': (d) => `  stage ${d.stage}: started`,
  'fai.scheduler.run-stage-completed.v1': (d) => `  stage ${d.stage}: completed`,
  'fai.ingest.artefact-ingested.v1': (d) => `    ingested ${d.fileName} (${d.documentType}, ${d.fundId})`,
  'fai.ingest.artefact-missing.v1': (d) => `    missing ${d.artefactType} for ${d.fundId}`,
  'fai.extraction.claims-extracted.v1': (d) =>
    `    extracted ${d.claimCount} claims from ${d.documentType} (${(d.extractor as { id: string }).id})`,
  'fai.validation.fund-validated.v1': (d) =>
    `    validated ${d.fundId}: completeness ${(d.completeness as { score?: string } | undefined)?.score ?? '?'}`,
  'fai.validation.fund-deltas-computed.v1': (d) =>
    d.baseline
      ? `    ${d.fundId}: first period, baseline (no prior snapshot)`
      : `    ${d.fundId}: ${(d.deltas as unknown[]).length} deltas against the last published snapshot`,
  'fai.validation.exception-raised.v1': (d) =>
    `    exception for ${d.fundId}: ${d.severity}${d.blocking ? ', blocking' : ''}: ${d.title}`,
  'fai.validation.exception-resolved.v1': (d) =>
    `    exception ${d.exceptionId} resolved (${d.action}) by ${d.actor}`,
  'fai.validation.fund-ready-for-report.v1': (d) => `    ${d.fundId} ready for report`,
  'fai.reporting.memo-drafted.v1': (d) => `    memo drafted for ${d.fundId} (${d.figures} figures)`,
  'fai.reporting.evidence-pack-built.v1': (d) =>
    `    evidence pack for ${d.fundId}: evidence coverage ${Number(d.evidenceCoverage) * 100} %`,
  'fai.reporting.drafts-completed.v1': () => `  drafts completed`,
  'fai.approval.fund-submitted-for-review.v1': (d) =>
    `    ${d.fundId} submitted for review by ${d.submittedBy}`,
  'fai.approval.fund-approved.v1': (d) =>
    `    ${d.fundId} approved by ${d.approvedBy} (submitted by ${d.submittedBy})`,
  'fai.reporting.report-published.v1': (d) => `    ${d.fundId} published: report ${d.reportId}`,
  'fai.scheduler.run-completed.v1': (d) => `run ${d.runId} completed`,
  'fai.scheduler.run-failed.v1': (d) => `run ${d.runId} FAILED at ${d.stage}: ${d.errorCode}`,
};

/** One progress line per stage event, or undefined for events the demo does not narrate. */
export function progressLine(event: SeenEvent): string | undefined {
  return LINES[event.type]?.(event.data);
}
