import type { FundWorkflowView } from './fund-workflow.projection';

export const REPORT_FILES = ['memo.html', 'memo.pdf', 'evidence-pack'] as const;
export type ReportFile = (typeof REPORT_FILES)[number];

const PUBLISHED_KIND: Record<ReportFile, string> = {
  'memo.html': 'memo_html',
  'memo.pdf': 'memo_pdf',
  'evidence-pack': 'evidence_pack',
};

export const MEDIA_TYPE: Record<ReportFile, string> = {
  'memo.html': 'text/html; charset=utf-8',
  'memo.pdf': 'application/pdf',
  'evidence-pack': 'application/zip',
};

/** The deletion of a file's content by output retention, when it was deleted. */
export function deletedContent(workflow: FundWorkflowView, sha256: string) {
  return workflow.deletedContent?.find((deleted) => deleted.sha256 === sha256);
}

/**
 * Pure: the sha256 of a fund's file in the output store: the published one (with the approval
 * stamp) once the report is published, else the latest draft's; none when it does not exist yet.
 */
export function reportFileSha256(workflow: FundWorkflowView, file: ReportFile): string | undefined {
  const published = workflow.report?.files.find((candidate) => candidate.kind === PUBLISHED_KIND[file]);
  if (published) return published.sha256;
  if (file === 'memo.html') return workflow.memo?.htmlSha256;
  if (file === 'memo.pdf') return workflow.memo?.pdfSha256;
  return workflow.evidencePack?.archiveSha256;
}
