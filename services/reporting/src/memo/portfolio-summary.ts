import type { ExceptionQueueItem } from '@fai/contracts';
import Decimal from 'decimal.js';
import { compare, type MemoInput } from './memo-input';
import { loadTemplate } from './memo-template';
import type { Facts, Table } from './memo-view';

/*
 * The portfolio exception summary of a run: every drafted fund's exceptions by status, the funds
 * validation held back before drafting with the exceptions that hold them, and the open ones across
 * the portfolio, most material first. Rendered with the run's memo template.
 */

export interface PortfolioSummaryView {
  templateVersion: string;
  title: string;
  totals: Facts;
  byFund: Table;
  open: Table;
}

/** One exception of the summary, whichever fund it belongs to. */
interface SummaryException {
  fundId: string;
  exceptionId: string;
  kind: string;
  severity: string;
  status: string;
  blocking: boolean;
  materialityScore: string;
  assignee?: string;
  summary: string;
}

/**
 * Pure. `queue` holds the open and monitored exceptions of the funds held back before drafting (the
 * run's exception queue less the funds sent to report); a drafted fund's are in its memo input.
 */
export function portfolioSummaryView(
  run: { portfolioId: string; cycleId: string; runId: string },
  inputs: readonly MemoInput[],
  queue: readonly ExceptionQueueItem[],
  templateVersion: string,
): PortfolioSummaryView {
  const funds = [...inputs].sort((a, b) => compare(a.review.fundId, b.review.fundId));
  const drafted = new Set(funds.map((input) => input.review.fundId));
  const heldBack = [...new Set(queue.map((item) => item.fundId))]
    .filter((fundId) => !drafted.has(fundId))
    .sort(compare);
  const exceptions: SummaryException[] = [
    ...funds.flatMap((input) =>
      input.review.exceptions.map((exception) => ({ ...exception, fundId: input.review.fundId })),
    ),
    ...queue.filter((item) => !drafted.has(item.fundId)).map((item) => ({ ...item, summary: item.title })),
  ];
  const count = (list: readonly SummaryException[], status: string) =>
    list.filter((exception) => exception.status === status).length;
  const byFundRow = (fundId: string, name: string) => {
    const own = exceptions.filter((exception) => exception.fundId === fundId);
    return [
      name,
      String(count(own, 'open')),
      String(count(own, 'monitoring')),
      String(count(own, 'resolved')),
      String(own.filter((exception) => exception.blocking && exception.status === 'resolved').length),
    ];
  };
  return {
    templateVersion,
    title: `Portfolio exception summary: ${run.portfolioId}, cycle ${run.cycleId}`,
    totals: {
      rows: [
        { label: 'Run', value: run.runId },
        { label: 'Funds drafted', value: String(funds.length) },
        // Only when there are any: a summary without held-back funds renders as it always has.
        ...(heldBack.length > 0
          ? [{ label: 'Funds held back before drafting', value: String(heldBack.length) }]
          : []),
        { label: 'Exceptions', value: String(exceptions.length) },
        { label: 'Open', value: String(count(exceptions, 'open')) },
        { label: 'Monitoring', value: String(count(exceptions, 'monitoring')) },
        { label: 'Resolved', value: String(count(exceptions, 'resolved')) },
      ],
    },
    byFund: {
      columns: ['Fund', 'Open', 'Monitoring', 'Resolved', 'Blocking resolved'],
      rows: [
        ...funds.map((input) =>
          byFundRow(
            input.review.fundId,
            input.fundName ? `${input.fundName} (${input.review.fundId})` : input.review.fundId,
          ),
        ),
        ...heldBack.map((fundId) => byFundRow(fundId, `${fundId} (held back before drafting)`)),
      ],
    },
    open: {
      columns: ['Fund', 'Exception', 'Kind', 'Severity', 'Status', 'Materiality', 'Owner', 'Summary'],
      rows: exceptions
        .filter((exception) => exception.status !== 'resolved')
        .sort(
          (a, b) =>
            new Decimal(b.materialityScore).comparedTo(a.materialityScore) ||
            compare(a.exceptionId, b.exceptionId),
        )
        .map((exception) => [
          exception.fundId,
          exception.exceptionId,
          exception.kind,
          exception.severity,
          exception.status,
          exception.materialityScore,
          exception.assignee ?? 'unassigned',
          exception.summary,
        ]),
    },
  };
}

export function renderPortfolioSummary(view: PortfolioSummaryView): Buffer {
  return Buffer.from(loadTemplate(view.templateVersion).portfolioSummary(view), 'utf8');
}
