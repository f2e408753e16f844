import type { FundReviewException } from '@fai/contracts';
import type { Kpi, KpiUnavailable } from '../kpi/kpi-snapshot';
import { barChart, lineChart, type Chart, type LineSeries } from './charts';
import {
  benchmarkNav,
  evidenceCoverage,
  fundNav,
  holdingBreakdown,
  knownClaimIds,
  memoFields,
  memoFigures,
  percentText,
  type HoldingBar,
} from './memo-figures';
import type { MemoInput } from './memo-input';

/*
 * What a memo shows, section by section, as text ready to print: both the HTML template and the
 * PDF layout read this view, so the two formats never disagree on a figure.
 */

/** The approval stamp of a final memo, as the approval service recorded it. */
export interface ApprovalStamp {
  approvedBy: string;
  submittedBy: string;
  approvedAt: string;
  notes: string;
}

export interface Table {
  columns: string[];
  rows: string[][];
}

export interface Facts {
  rows: Array<{ label: string; value: string }>;
}

export interface MemoView {
  templateVersion: string;
  title: string;
  status: 'DRAFT' | 'FINAL';
  scope: { facts: Facts; sources: Table; policies: Table };
  quality: { facts: Facts; checks: Table; missing: string[] };
  kpi: { note: string | null; table: Table; chart: Chart | null };
  holdings: Chart[];
  fields: Table;
  changes: { note: string | null; table: Table };
  exceptions: Table;
  followUps: Table;
  approval: ApprovalStamp | null;
}

const CHART_YEARS = 3;

export function memoView(input: MemoInput, approval: ApprovalStamp | null = null): MemoView {
  const { review } = input;
  const figures = memoFigures(input);
  return {
    templateVersion: input.templateVersion,
    title: `Monthly validation memo: ${input.fundName ?? review.fundId}`,
    status: approval ? 'FINAL' : 'DRAFT',
    scope: {
      facts: facts([
        ['Fund', input.fundName ? `${input.fundName} (${review.fundId})` : review.fundId],
        ['Portfolio', review.portfolioId],
        ['Cycle', review.cycleId],
        ['Run', review.runId],
        ['Period end', review.asOf],
        [
          'Compared with',
          review.priorSnapshot
            ? `${review.priorSnapshot.cycleId} / ${review.priorSnapshot.runId}`
            : 'nothing: this cycle is the fund’s baseline',
        ],
      ]),
      sources: {
        columns: ['Artefact', 'SHA-256', 'Extractor', 'Claims'],
        rows: input.sources.map((set) => [
          set.artefactId,
          set.sha256,
          `${set.extractor.id} ${set.extractor.version}`,
          String(set.claimCount),
        ]),
      },
      policies: {
        columns: ['Policy', 'Pinned version'],
        rows: [
          ['Validation ruleset', review.policies.ruleset],
          ['Materiality policy', review.policies.materiality],
          ['Source policy', review.policies.sourcePolicy],
          ['Report template', input.templateVersion],
          ['KPI configuration', input.kpiConfigId],
        ],
      },
    },
    quality: {
      facts: facts([
        [
          'Completeness',
          `${percentText(review.completeness.score)} (${review.completeness.present} of ${review.completeness.required} required fields)`,
        ],
        [
          'Evidence coverage',
          `${percentText(evidenceCoverage(figures, knownClaimIds(input)))} of ${figures.length} figures`,
        ],
        ['Checks', checkCounts(input)],
        ['Open exceptions', String(review.exceptions.filter((e) => e.status !== 'resolved').length)],
      ]),
      checks: {
        columns: ['Rule', 'Status', 'Finding'],
        rows: review.checks
          .filter((check) => check.status === 'failed' || check.status === 'flagged')
          .map((check) => [check.rule, check.status, check.message]),
      },
      missing: review.completeness.missing,
    },
    kpi: kpiSection(input),
    holdings: holdingCharts(input),
    fields: {
      columns: ['Field', 'Value', 'As of', 'Sources'],
      rows: memoFields(review.fields).map(({ field, label, series }) => [
        series && series.values > 1
          ? `${label}: newest of ${series.values} dated values since ${series.from}`
          : field.key,
        field.state === 'value'
          ? withUnit(field.value ?? '', field.unit)
          : `blank (${field.blank ?? field.reason ?? 'no value'})`,
        field.asOf ?? '',
        String(field.sourceCount),
      ]),
    },
    changes: {
      note: review.baseline
        ? 'Baseline cycle: there is no approved snapshot to compare with.'
        : review.deltas.length === 0
          ? 'No changes since the last approved snapshot.'
          : null,
      table: {
        columns: ['Field', 'Change', 'Category', 'Before', 'After', 'Materiality'],
        rows: review.deltas.map((delta) => [
          delta.fieldKey,
          delta.change,
          delta.category,
          delta.before ? withUnit(delta.before.value ?? '', delta.before.unit) : '-',
          delta.after ? withUnit(delta.after.value ?? '', delta.after.unit) : '-',
          `${delta.materiality.total} (${delta.materiality.severity})`,
        ]),
      },
    },
    exceptions: {
      columns: ['Exception', 'Kind', 'Severity', 'Status', 'Materiality', 'Summary', 'Resolution'],
      rows: review.exceptions.map((exception) => [
        exception.exceptionId,
        exception.kind,
        `${exception.severity}${exception.blocking ? ', blocking' : ''}`,
        exception.status,
        exception.materialityScore,
        exception.summary,
        resolutionText(exception),
      ]),
    },
    followUps: {
      columns: ['Exception', 'Status', 'Owner', 'Next action'],
      rows: review.exceptions
        .filter((exception) => exception.status !== 'resolved')
        .map((exception) => [
          exception.exceptionId,
          exception.status,
          exception.assignee ?? 'unassigned',
          nextAction(exception),
        ]),
    },
    approval,
  };
}

function facts(rows: Array<[string, string]>): Facts {
  return { rows: rows.map(([label, value]) => ({ label, value })) };
}

function withUnit(value: string, unit: string | undefined): string {
  return unit ? `${value} ${unit}` : value;
}

function checkCounts(input: MemoInput): string {
  const counts = new Map<string, number>();
  for (const check of input.review.checks) counts.set(check.status, (counts.get(check.status) ?? 0) + 1);
  return counts.size === 0
    ? 'none run'
    : [...counts]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([status, n]) => `${n} ${status}`)
        .join(', ');
}

function resolutionText(exception: FundReviewException): string {
  const resolving = [...exception.decisions]
    .reverse()
    .find((d) => ['accept', 'edit', 'reject'].includes(d.action));
  if (!resolving) return exception.status === 'monitoring' ? 'monitoring' : 'open';
  const chosen = resolving.chosenValue ? ` -> ${withUnit(resolving.chosenValue, resolving.chosenUnit)}` : '';
  return `${resolving.action}${chosen} by ${resolving.actor} on ${resolving.at.slice(0, 10)}: ${resolving.rationale ?? ''}`.trim();
}

function nextAction(exception: FundReviewException): string {
  const latest = [...exception.decisions]
    .reverse()
    .find((d) => d.action === 'follow_up' || d.action === 'monitor');
  return latest?.rationale ?? 'review pending';
}

function kpiText(figure: Kpi<{ value: string | number }>, percent = true): string {
  if (figure.value === null) return `n/a: ${unavailableText(figure)}`;
  return percent ? percentText(String(figure.value)) : String(figure.value);
}

function unavailableText(figure: KpiUnavailable): string {
  return `${figure.reason.toLowerCase().replace(/_/g, ' ')} (${figure.detail})`;
}

function kpiSection(input: MemoInput): MemoView['kpi'] {
  const { kpi } = input;
  if (!kpi)
    return {
      note: 'No NAV history among the run’s claims: no KPI snapshot.',
      table: { columns: [], rows: [] },
      chart: null,
    };
  const windows = Object.keys(kpi.returns).sort(byHorizon);
  const since = yearsBefore(kpi.asOf, CHART_YEARS);
  const series: LineSeries[] = [
    {
      name: `NAV ${input.navShareClass ?? ''}`.trim(),
      points: fundNav(input).filter((p) => p.date >= since),
    },
    ...(input.benchmark
      ? [
          {
            name: `${input.benchmark.id} (${input.benchmark.kind} benchmark)`,
            points: benchmarkNav(input).filter((p) => p.date >= since),
          },
        ]
      : []),
  ];
  return {
    note: `KPI snapshot ${kpi.snapshotId} as of ${kpi.asOf} (${kpi.config.configId}); benchmark: ${
      kpi.relative.benchmark
        ? `${kpi.relative.benchmark.id}, ${kpi.relative.benchmark.kind}`
        : 'none stated or inferred'
    }.`,
    table: {
      columns: ['Measure', ...windows],
      rows: [
        ['Return', ...windows.map((w) => kpiText(kpi.returns[w]))],
        ['Relative to benchmark', ...windows.map((w) => kpiText(kpi.relative.returns[w]))],
        ['Volatility (annualised)', kpiText(kpi.volatility), ...windows.slice(1).map(() => '')],
        ['Maximum drawdown', kpiText(kpi.maxDrawdown), ...windows.slice(1).map(() => '')],
        ['Risk bucket (1-7)', kpiText(kpi.riskBucket, false), ...windows.slice(1).map(() => '')],
      ],
    },
    chart: lineChart(input.benchmark ? 'NAV vs benchmark (rebased to 100)' : 'NAV (rebased to 100)', series),
  };
}

function holdingCharts(input: MemoInput): Chart[] {
  const { categories, top } = holdingBreakdown(input);
  const bars = (list: HoldingBar[]) =>
    list.map((bar) => ({
      label: bar.label,
      value: bar.weight,
      text: withUnit(bar.weight.toFixed(2), bar.unit),
    }));
  return [
    ...(categories.length
      ? [barChart('Asset-class breakdown (weight of net assets)', bars(categories))]
      : []),
    ...(top.length ? [barChart(`Largest ${top.length} holdings (weight of net assets)`, bars(top))] : []),
  ];
}

function yearsBefore(date: string, years: number): string {
  return `${Number(date.slice(0, 4)) - years}${date.slice(4)}`;
}

/** Months in a return window's key (`1M`, `3M`, `1Y`): shortest first, whatever order the snapshot's keys come in. */
const MONTHS_PER_UNIT: Record<string, number> = { M: 1, Y: 12 };

function byHorizon(a: string, b: string): number {
  return horizonMonths(a) - horizonMonths(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function horizonMonths(key: string): number {
  const match = /^(\d+)([MY])$/.exec(key);
  return match ? Number(match[1]) * MONTHS_PER_UNIT[match[2]] : Number.POSITIVE_INFINITY;
}
