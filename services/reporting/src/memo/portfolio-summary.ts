import Decimal from 'decimal.js';
import { compare, type MemoInput } from './memo-input';
import { loadTemplate } from './memo-template';
import type { Facts, Table } from './memo-view';

/*
 * The portfolio exception summary of a run: every drafted fund's exceptions by status, and the
 * open ones across the portfolio, most material first. Rendered with the run's memo template.
 */

export interface PortfolioSummaryView {
  templateVersion: string;
  title: string;
  totals: Facts;
  byFund: Table;
  open: Table;
}

export function portfolioSummaryView(
  run: { portfolioId: string; cycleId: string; runId: string },
  inputs: readonly MemoInput[],
  templateVersion: string,
): PortfolioSummaryView {
  const funds = [...inputs].sort((a, b) => compare(a.review.fundId, b.review.fundId));
  const exceptions = funds.flatMap((input) =>
    input.review.exceptions.map((exception) => ({ fundId: input.review.fundId, exception })),
  );
  const count = (list: typeof exceptions, status: string) =>
    list.filter(({ exception }) => exception.status === status).length;
  return {
    templateVersion,
    title: `Portfolio exception summary: ${run.portfolioId}, cycle ${run.cycleId}`,
    totals: {
      rows: [
        { label: 'Run', value: run.runId },
        { label: 'Funds drafted', value: String(funds.length) },
        { label: 'Exceptions', value: String(exceptions.length) },
        { label: 'Open', value: String(count(exceptions, 'open')) },
        { label: 'Monitoring', value: String(count(exceptions, 'monitoring')) },
        { label: 'Resolved', value: String(count(exceptions, 'resolved')) },
      ],
    },
    byFund: {
      columns: ['Fund', 'Open', 'Monitoring', 'Resolved', 'Blocking resolved'],
      rows: funds.map((input) => {
        const own = exceptions.filter(({ fundId }) => fundId === input.review.fundId);
        return [
          input.fundName ? `${input.fundName} (${input.review.fundId})` : input.review.fundId,
          String(count(own, 'open')),
          String(count(own, 'monitoring')),
          String(count(own, 'resolved')),
          String(own.filter(({ exception }) => exception.blocking && exception.status === 'resolved').length),
        ];
      }),
    },
    open: {
      columns: ['Fund', 'Exception', 'Kind', 'Severity', 'Status', 'Materiality', 'Owner', 'Summary'],
      rows: exceptions
        .filter(({ exception }) => exception.status !== 'resolved')
        .sort(
          (a, b) =>
            new Decimal(b.exception.materialityScore).comparedTo(a.exception.materialityScore) ||
            compare(a.exception.exceptionId, b.exception.exceptionId),
        )
        .map(({ fundId, exception }) => [
          fundId,
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
