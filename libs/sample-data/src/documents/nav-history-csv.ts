import type { FundPeriod, SampleFund } from '../portfolio-model';
import type { SampleDocument } from './sample-document';

/**
 * Daily NAV history as CSV, oldest first, up to the period's valuation date: `Date,ISIN,NAV,Benchmark`.
 * The ISIN column names the fund for ingest; extraction claims the NAV and the benchmark level of each
 * date (the KPI engine's relative figures). CSV states no currency: NAV claims carry `XXX`.
 */
export function navHistoryDocument(fund: SampleFund, period: FundPeriod): SampleDocument {
  const points = fund.navHistory.filter((point) => point.date <= period.valuationDate);
  const csv = [
    'Date,ISIN,NAV,Benchmark',
    ...points.map((point) => `${point.date},${fund.isin},${point.nav},${point.benchmark}`),
    '',
  ].join('\n');
  return {
    fundId: fund.fundId,
    period: period.period,
    artefactType: 'nav_history',
    fileName: `${fund.fundId}_NAV_${period.valuationDate}.csv`,
    mediaType: 'text/csv',
    content: Buffer.from(csv, 'utf8'),
    expected: points.flatMap((point) => [
      { metric: 'nav.per_share', subject: point.date, value: point.nav, unit: 'XXX' },
      { metric: 'benchmark.level', subject: point.date, value: point.benchmark, unit: 'points' },
    ]),
  };
}
