import { atOf, portfolioOf, text, type DocumentProjection } from '../projections/document-projection';
import type { PortfolioFund } from '../portfolios/portfolio.projection';

/** The canonical fund record (spec §2.1, acceptance 31): identifiers, status, last validated cycle, latest snapshot. */
export interface FundView {
  fundId: string;
  portfolioId: string;
  name: string;
  /** Every ISIN of the fund and its share classes: a search by any of them finds this record. */
  isins: string[];
  seriesId: string | null;
  lei: string | null;
  shareClasses: PortfolioFund['shareClasses'];
  status: 'active' | 'offboarded';
  lastValidatedCycleId: string | null;
  latestSnapshot: { snapshotId: string; cycleId: string; reportId: string; at: string } | null;
  updatedAt: string;
}

export function fundKey(portfolioId: string, fundId: string): string {
  return `${portfolioId}:${fundId}`;
}

export const fundProjection: DocumentProjection<FundView> = {
  table: 'fund',
  handles: ['PortfolioRegistered', 'PortfolioChanged', 'FundValidated', 'ReportPublished'],
  keys: (event) => {
    const portfolioId = portfolioOf(event);
    if (!portfolioId) return [];
    if (event.name === 'PortfolioRegistered' || event.name === 'PortfolioChanged') {
      const funds = (event.data.funds as PortfolioFund[]).map((fund) => fund.fundId);
      const removed = (event.data.fundsRemoved as string[] | undefined) ?? [];
      return [...funds, ...removed].map((fundId) => fundKey(portfolioId, fundId));
    }
    const fundId = text(event, 'fundId') ?? event.fundId;
    return fundId ? [fundKey(portfolioId, fundId)] : [];
  },
  evolve: (doc, event, key) => {
    const at = atOf(event);
    switch (event.name) {
      case 'PortfolioRegistered':
      case 'PortfolioChanged': {
        const fund = (event.data.funds as PortfolioFund[]).find((candidate) =>
          key.endsWith(`:${candidate.fundId}`),
        );
        if (!fund) return doc && { ...doc, status: 'offboarded', updatedAt: at };
        return {
          lastValidatedCycleId: null,
          latestSnapshot: null,
          ...doc,
          fundId: fund.fundId,
          portfolioId: String(event.data.portfolioId),
          name: fund.name,
          isins: [...new Set([...fund.isins, ...fund.shareClasses.flatMap((share) => share.isin ?? [])])],
          seriesId: fund.seriesId ?? null,
          lei: fund.lei ?? null,
          shareClasses: fund.shareClasses,
          status: 'active',
          updatedAt: at,
        };
      }
      case 'FundValidated':
        return doc && { ...doc, lastValidatedCycleId: text(event, 'cycleId') ?? null, updatedAt: at };
      case 'ReportPublished':
        return (
          doc && {
            ...doc,
            latestSnapshot: {
              snapshotId: String(event.data.snapshotId),
              cycleId: String(event.data.cycleId),
              reportId: String(event.data.reportId),
              at,
            },
            updatedAt: at,
          }
        );
      default:
        return doc;
    }
  },
  columns: (doc) => ({
    portfolio_id: doc.portfolioId,
    fund_id: doc.fundId,
    isins: doc.isins,
    name: doc.name,
  }),
};
