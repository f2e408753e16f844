import { evidenceCoverage, knownClaimIds, memoFigures, type MemoFigure } from './memo-figures';
import type { MemoInput } from './memo-input';
import { renderMemoPdf } from './memo-pdf';
import { loadTemplate } from './memo-template';
import { memoView, type ApprovalStamp } from './memo-view';

export interface RenderedMemo {
  html: Buffer;
  pdf: Buffer;
  figures: MemoFigure[];
  /** Figures with resolvable claims / figures, a decimal string in 0..1. */
  evidenceCoverage: string;
  templateSha256: string;
}

/**
 * Renders a memo from its input with the template the input pins: a draft without `approval`, the
 * final memo with it. Nothing else goes in, so the same input and stamp give the same bytes.
 */
export async function renderMemo(
  input: MemoInput,
  approval: ApprovalStamp | null = null,
): Promise<RenderedMemo> {
  const template = loadTemplate(input.templateVersion);
  const view = memoView(input, approval);
  const figures = memoFigures(input);
  return {
    html: Buffer.from(template.memo(view), 'utf8'),
    pdf: await renderMemoPdf(view, approval?.approvedAt ?? input.review.asOf),
    figures,
    evidenceCoverage: evidenceCoverage(figures, knownClaimIds(input)),
    templateSha256: template.sha256,
  };
}
