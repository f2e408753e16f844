import type { ClaimView } from '@fai/contracts';
import Decimal from 'decimal.js';
import type { Kpi } from '../kpi/kpi-snapshot';
import {
  compare,
  HOLDING_CATEGORY_METRIC,
  HOLDING_NAME_METRICS,
  HOLDING_WEIGHT_METRIC,
  navPoints,
  NAV_METRIC,
  type MemoInput,
} from './memo-input';

/*
 * The figures of a memo: every number or stated value it shows that comes from the fund's data,
 * each with the claims it rests on. The evidence pack maps each to its artefacts; evidence coverage
 * is the share of figures whose claims all resolve.
 */

export type FigureSection = 'kpi' | 'holdings' | 'fields' | 'changes';

export interface MemoFigure {
  figureId: string;
  section: FigureSection;
  label: string;
  value: string;
  unit?: string;
  claimIds: string[];
}

export interface HoldingBar {
  label: string;
  weight: Decimal;
  unit?: string;
  claimIds: string[];
}

const TOP_HOLDINGS = 10;

export function memoFigures(input: MemoInput): MemoFigure[] {
  return [...kpiFigures(input), ...holdingFigures(input), ...fieldFigures(input), ...changeFigures(input)];
}

/** Figures whose claims are all known (with their evidence) / all figures, as a decimal string. */
export function evidenceCoverage(figures: readonly MemoFigure[], known: ReadonlySet<string>): string {
  if (figures.length === 0) return '1';
  const resolvable = figures.filter((figure) => isResolvable(figure, known)).length;
  return new Decimal(resolvable).div(figures.length).toDecimalPlaces(4, Decimal.ROUND_DOWN).toFixed();
}

/** The claims of the memo input: each carries its artefact and locator (the claim contract requires them). */
export function knownClaimIds(input: MemoInput): Set<string> {
  return new Set(input.claims.map((claim) => claim.claimId));
}

export function isResolvable(figure: MemoFigure, knownClaimIds: ReadonlySet<string>): boolean {
  return figure.claimIds.length > 0 && figure.claimIds.every((claimId) => knownClaimIds.has(claimId));
}

/** KPI values as fractions are shown as percentages with two places. */
export function percentText(fraction: string): string {
  return `${new Decimal(fraction).times(100).toFixed(2)} %`;
}

function kpiFigures(input: MemoInput): MemoFigure[] {
  const { kpi } = input;
  if (!kpi) return [];
  const navClaim = claimByDate(input.claims.filter((claim) => isChartedNav(input, claim)));
  const benchmarkIds = new Set(input.benchmark?.claimIds ?? []);
  const benchmarkClaim = claimByDate(input.claims.filter((claim) => benchmarkIds.has(claim.claimId)));
  const figures: MemoFigure[] = [];
  const add = (
    figureId: string,
    label: string,
    figure: Kpi<{ value: string | number }>,
    dates: string[],
    unit = 'percent',
  ) => {
    if (figure.value === null) return;
    figures.push({
      figureId,
      section: 'kpi',
      label,
      value: unit === 'percent' ? percentText(String(figure.value)) : String(figure.value),
      unit,
      claimIds: dates.map(navClaim),
    });
  };
  for (const [window, figure] of Object.entries(kpi.returns))
    add(
      `kpi.return.${window}`,
      `Return ${window}`,
      figure,
      'startDate' in figure ? [figure.startDate, figure.endDate] : [],
    );
  const { volatility, maxDrawdown, riskBucket } = kpi;
  const volatilityDates = 'startDate' in volatility ? [volatility.startDate, volatility.endDate] : [];
  add('kpi.volatility', 'Volatility (annualised)', volatility, volatilityDates);
  add(
    'kpi.max_drawdown',
    'Maximum drawdown',
    maxDrawdown,
    'peakDate' in maxDrawdown ? [maxDrawdown.peakDate, maxDrawdown.troughDate] : [],
  );
  add('kpi.risk_bucket', 'Risk bucket', riskBucket, volatilityDates, 'class');
  for (const [window, figure] of Object.entries(kpi.relative.returns)) {
    if (figure.value === null) continue;
    const fund = kpi.returns[window];
    figures.push({
      figureId: `kpi.relative.${window}`,
      section: 'kpi',
      label: `Relative to benchmark ${window}`,
      value: percentText(figure.value),
      unit: 'percent',
      claimIds: [
        ...('startDate' in fund ? [navClaim(fund.startDate), navClaim(fund.endDate)] : []),
        benchmarkClaim(figure.benchmarkStartDate),
        benchmarkClaim(figure.benchmarkEndDate),
      ],
    });
  }
  return figures;
}

function isChartedNav(input: MemoInput, claim: ClaimView): boolean {
  return (
    claim.metric === NAV_METRIC &&
    claim.fundId === input.review.fundId &&
    (claim.shareClass ?? null) === input.navShareClass
  );
}

/** The NAV series of the memo input (the charted share class), ascending. */
export function fundNav(input: MemoInput): Array<{ date: string; value: string; claimId: string }> {
  return navPoints(input.claims.filter((claim) => isChartedNav(input, claim)));
}

export function benchmarkNav(input: MemoInput): Array<{ date: string; value: string; claimId: string }> {
  const ids = new Set(input.benchmark?.claimIds ?? []);
  return navPoints(input.claims.filter((claim) => ids.has(claim.claimId)));
}

// A figure naming a date without a claim gets an empty id: it then fails to resolve, as it should.
function claimByDate(claims: readonly ClaimView[]): (date: string) => string {
  const byDate = new Map(navPoints(claims).map((point) => [point.date, point.claimId]));
  return (date) => byDate.get(date) ?? '';
}

function holdingFigures(input: MemoInput): MemoFigure[] {
  const { categories, top } = holdingBreakdown(input);
  const figure = (prefix: string, bar: HoldingBar): MemoFigure => ({
    figureId: `${prefix}.${bar.label}`,
    section: 'holdings',
    label: bar.label,
    value: bar.weight.toFixed(2),
    unit: bar.unit,
    claimIds: bar.claimIds,
  });
  return [
    ...categories.map((bar) => figure('holdings.category', bar)),
    ...top.map((bar) => figure('holdings.top', bar)),
  ];
}

/** Weights by asset category, and the largest holdings, from the holding claims. */
export function holdingBreakdown(input: MemoInput): { categories: HoldingBar[]; top: HoldingBar[] } {
  // One claim per holding and metric group: the first by metric and claim id, so the pick never depends on order.
  const bySubject = (metrics: readonly string[]) => {
    const picked = new Map<string, ClaimView>();
    for (const claim of input.claims
      .filter((c) => metrics.includes(c.metric) && c.subject && c.value !== null)
      .sort((a, b) => compare(a.metric, b.metric) || compare(a.claimId, b.claimId)))
      if (!picked.has(claim.subject!)) picked.set(claim.subject!, claim);
    return picked;
  };
  const weights = input.claims.filter(
    (claim) => claim.metric === HOLDING_WEIGHT_METRIC && claim.subject && claim.value !== null,
  );
  const categoryOf = bySubject([HOLDING_CATEGORY_METRIC]);
  const nameOf = bySubject(HOLDING_NAME_METRICS);
  const categories = new Map<string, HoldingBar>();
  for (const weight of weights) {
    const category = categoryOf.get(weight.subject!);
    const label = category?.value ?? 'Unclassified';
    const bar = categories.get(label) ?? { label, weight: new Decimal(0), unit: weight.unit, claimIds: [] };
    bar.weight = bar.weight.plus(weight.value!);
    bar.claimIds.push(weight.claimId, ...(category ? [category.claimId] : []));
    categories.set(label, bar);
  }
  const top = [...weights]
    .sort((a, b) => new Decimal(b.value!).comparedTo(a.value!) || compare(a.subject!, b.subject!))
    .slice(0, TOP_HOLDINGS)
    .map((weight) => {
      const name = nameOf.get(weight.subject!);
      return {
        label: name?.value ?? weight.subject!,
        weight: new Decimal(weight.value!),
        unit: weight.unit,
        claimIds: [weight.claimId, ...(name ? [name.claimId] : [])],
      };
    });
  return {
    categories: [...categories.values()].sort(
      (a, b) => b.weight.comparedTo(a.weight) || compare(a.label, b.label),
    ),
    top,
  };
}

type ReviewField = MemoInput['review']['fields'][number];

/** A field as the memo lists it; the newest value of a dated series stands for the series. */
export interface MemoField {
  field: ReviewField;
  label: string;
  /** For a series: how many dated values it has and the first date. */
  series?: { values: number; from: string };
}

const DATE_SUBJECT = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The fields a memo lists, in the review's order. A dated series (a metric's values by date: a
 * daily NAV history is some 900 fields) is listed once, with its newest value: every value is
 * validated and in the evidence pack, and the KPI snapshot and NAV chart draw on all of them. A
 * blank date of a series stays listed on its own: a gap the reader must see.
 */
export function memoFields(fields: readonly ReviewField[]): MemoField[] {
  const listed: MemoField[] = [];
  const series = new Map<string, MemoField & { series: { values: number; from: string } }>();
  for (const field of fields) {
    if (field.state !== 'value' || !field.subject || !DATE_SUBJECT.test(field.subject)) {
      listed.push({ field, label: field.key });
      continue;
    }
    const label = `${field.metric}${field.shareClass ? `@${field.shareClass}` : ''}`;
    const known = series.get(label);
    if (!known) {
      const entry = { field, label, series: { values: 1, from: field.subject } };
      series.set(label, entry);
      listed.push(entry);
      continue;
    }
    known.series.values += 1;
    if (compare(field.subject, known.series.from) < 0) known.series.from = field.subject;
    if (compare(field.subject, known.field.subject!) > 0) known.field = field;
  }
  return listed;
}

function fieldFigures(input: MemoInput): MemoFigure[] {
  return memoFields(input.review.fields)
    .filter(({ field }) => field.state === 'value' && field.value !== undefined)
    .map(({ field }) => ({
      figureId: `field.${field.key}`,
      section: 'fields' as const,
      label: field.key,
      value: field.value!,
      unit: field.unit,
      claimIds: field.chosenClaimId ? [field.chosenClaimId] : field.claimIds,
    }));
}

function changeFigures(input: MemoInput): MemoFigure[] {
  return input.review.deltas.map((delta) => ({
    figureId: `delta.${delta.deltaId}`,
    section: 'changes' as const,
    label: delta.fieldKey,
    value: `${delta.before?.value ?? '-'} -> ${delta.after?.value ?? '-'}`,
    unit: delta.after?.unit ?? delta.before?.unit,
    claimIds: delta.evidenceClaimIds,
  }));
}
