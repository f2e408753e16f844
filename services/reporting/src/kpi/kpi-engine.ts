import type Decimal from 'decimal.js';
import { isIsoDate } from './calendar-dates';
import { canonicalDigest } from './canonical-digest';
import type { KpiConfig, LoadedKpiConfig, ReturnWindowSetting } from './kpi-config';
import { decimalFor, figureText, type KpiDecimal } from './kpi-decimal';
import { maxDrawdown } from './kpi-drawdown';
import { KpiInputInvalidError } from './kpi-errors';
import { annualisedReturn, cumulativeReturn } from './kpi-returns';
import { riskBucketOf } from './kpi-risk-buckets';
import {
  type BenchmarkKind,
  type DrawdownFigure,
  type Kpi,
  type KpiSnapshot,
  type KpiUnavailable,
  type RelativeReturnFigure,
  type ReturnFigure,
  type RiskBucketFigure,
  type VolatilityFigure,
} from './kpi-snapshot';
import { annualisedVolatility, largestGapDays, periodEnds, periodicReturns } from './kpi-volatility';
import { boundsOf, resolveWindow } from './kpi-windows';
import { canonicalSeries, toNavSeries, upTo, type NavPoint, type NavSeries } from './nav-series';

export interface KpiBenchmarkInput {
  id: string;
  /** `stated` by the fund's documents, or `inferred` by us: recorded with every relative figure */
  kind: BenchmarkKind;
  series: readonly NavPoint[];
}

export interface KpiInput {
  fundId: string;
  /** the snapshot date: every window ends here */
  asOf: string;
  nav: readonly NavPoint[];
  benchmark?: KpiBenchmarkInput;
  config: LoadedKpiConfig;
}

/**
 * Computes a dated KPI snapshot. Pure and deterministic: no clock, no randomness, input order
 * irrelevant; a figure the history cannot support is null with its reason, never extrapolated.
 */
export function computeKpiSnapshot(input: KpiInput): KpiSnapshot {
  const { config } = input.config;
  if (!isIsoDate(input.asOf))
    throw new KpiInputInvalidError('asOf', `${input.asOf} is not a YYYY-MM-DD date`);
  const D = decimalFor(config.arithmetic);
  const nav = upTo(toNavSeries(input.nav, 'nav', D), input.asOf);
  const benchmark = input.benchmark && upTo(toNavSeries(input.benchmark.series, 'benchmark', D), input.asOf);
  const inputsDigest = canonicalDigest({
    nav: canonicalSeries(nav),
    benchmark:
      input.benchmark && benchmark
        ? { id: input.benchmark.id, kind: input.benchmark.kind, series: canonicalSeries(benchmark) }
        : null,
  });
  const engine = new KpiCalculator(config, D, input.asOf);
  const fundReturns = engine.returns(nav, 'NAV');
  const volatility = engine.volatility(nav);
  return {
    snapshotId: snapshotIdOf(input.fundId, input.asOf, input.config.contentHash, inputsDigest),
    fundId: input.fundId,
    asOf: input.asOf,
    config: { configId: config.configId, contentHash: input.config.contentHash },
    inputsDigest,
    nav: {
      firstDate: nav[0]?.date ?? null,
      lastDate: nav[nav.length - 1]?.date ?? null,
      observations: nav.length,
    },
    returns: mapWindows(config, (setting) => fundReturns.get(setting.key)!.figure),
    volatility: volatility.figure,
    maxDrawdown: engine.maxDrawdown(nav),
    riskBucket: engine.riskBucket(volatility),
    relative: {
      benchmark: input.benchmark ? { id: input.benchmark.id, kind: input.benchmark.kind } : null,
      returns: engine.relativeReturns(fundReturns, benchmark),
    },
  };
}

/** `kpi-` and 32 hex digits of the sha256 of what the snapshot is computed from. */
function snapshotIdOf(fundId: string, asOf: string, configHash: string, inputsDigest: string): string {
  return `kpi-${canonicalDigest([fundId, asOf, configHash, inputsDigest]).slice(0, 32)}`;
}

function mapWindows<T>(config: KpiConfig, figure: (setting: ReturnWindowSetting) => T): Record<string, T> {
  return Object.fromEntries(config.returns.map((setting) => [setting.key, figure(setting)]));
}

/** A KPI as written, with the unrounded value later KPIs build on when it is available. */
type Computed<F extends { value: string | number }> =
  { figure: KpiUnavailable } | { figure: F; exact: Decimal };

class KpiCalculator {
  constructor(
    private readonly config: KpiConfig,
    private readonly D: KpiDecimal,
    private readonly asOf: string,
  ) {}

  returns(series: NavSeries, label: string): Map<string, Computed<ReturnFigure>> {
    return new Map(
      this.config.returns.map((setting) => [setting.key, this.windowReturn(series, setting, label)]),
    );
  }

  volatility(series: NavSeries): Computed<VolatilityFigure> {
    const setting = this.config.volatility;
    const resolved = resolveWindow(series, this.asOf, this.rules(setting.months, 2), 'NAV');
    if ('unavailable' in resolved) return { figure: resolved.unavailable };
    const { window } = resolved;
    const firstNavDate = series[0].date;
    const gap = largestGapDays(window.observations);
    if (gap > this.config.calendar.staleGapToleranceDays)
      return {
        figure: unavailable(
          'NAV_GAP',
          `NAV has a ${gap}-day gap between ${window.start.date} and ${window.end.date}`,
          firstNavDate,
        ),
      };
    const returns = periodicReturns(periodEnds(window, setting.frequency), setting.returnType);
    if (returns.length < setting.minObservations)
      return {
        figure: unavailable(
          'INSUFFICIENT_OBSERVATIONS',
          `${returns.length} ${setting.frequency} returns from ${window.start.date} to ${window.end.date}; ${setting.minObservations} required`,
          firstNavDate,
        ),
      };
    const periodsPerYear = setting.periodsPerYear[setting.frequency];
    const exact = annualisedVolatility(returns, new this.D(periodsPerYear));
    return {
      exact,
      figure: {
        value: this.text(exact),
        ...boundsOf(window),
        frequency: setting.frequency,
        returnType: setting.returnType,
        periodsPerYear,
        observations: returns.length,
      },
    };
  }

  maxDrawdown(series: NavSeries): Kpi<DrawdownFigure> {
    const setting = this.config.drawdown;
    const resolved = resolveWindow(
      series,
      this.asOf,
      this.rules(setting.months, setting.minObservations),
      'NAV',
    );
    if ('unavailable' in resolved) return resolved.unavailable;
    const drawdown = maxDrawdown(resolved.window.observations);
    return {
      value: this.text(drawdown.value),
      ...boundsOf(resolved.window),
      peakDate: drawdown.peakDate,
      troughDate: drawdown.troughDate,
    };
  }

  riskBucket(volatility: Computed<VolatilityFigure>): Kpi<RiskBucketFigure> {
    if (!('exact' in volatility))
      return dependent(
        'VOLATILITY_UNAVAILABLE',
        'the risk bucket is set by volatility, which is unavailable',
        volatility.figure,
      );
    return {
      value: riskBucketOf(volatility.exact, this.config.riskBuckets.bands),
      measure: this.config.riskBuckets.measure,
      volatility: volatility.figure.value,
    };
  }

  relativeReturns(
    fund: Map<string, Computed<ReturnFigure>>,
    benchmark: NavSeries | undefined,
  ): Record<string, Kpi<RelativeReturnFigure>> {
    const benchmarkReturns = benchmark && this.returns(benchmark, 'benchmark');
    return mapWindows(this.config, (setting) => {
      if (!benchmarkReturns)
        return unavailable('NO_BENCHMARK', 'no stated or inferred benchmark was supplied', null);
      return this.relativeReturn(fund.get(setting.key)!, benchmarkReturns.get(setting.key)!, setting);
    });
  }

  private relativeReturn(
    fund: Computed<ReturnFigure>,
    benchmark: Computed<ReturnFigure>,
    setting: ReturnWindowSetting,
  ): Kpi<RelativeReturnFigure> {
    if (!('exact' in fund))
      return dependent(
        'FUND_RETURN_UNAVAILABLE',
        `the fund's ${setting.key} return is unavailable`,
        fund.figure,
      );
    if (!('exact' in benchmark))
      return dependent(
        'BENCHMARK_RETURN_UNAVAILABLE',
        `the benchmark's ${setting.key} return is unavailable`,
        benchmark.figure,
      );
    return {
      value: this.text(fund.exact.minus(benchmark.exact)),
      fundReturn: fund.figure.value,
      benchmarkReturn: benchmark.figure.value,
      benchmarkStartDate: benchmark.figure.startDate,
      benchmarkEndDate: benchmark.figure.endDate,
      annualised: setting.annualised,
    };
  }

  private windowReturn(
    series: NavSeries,
    setting: ReturnWindowSetting,
    label: string,
  ): Computed<ReturnFigure> {
    const resolved = resolveWindow(
      series,
      this.asOf,
      this.rules(setting.months, setting.minObservations),
      label,
    );
    if ('unavailable' in resolved) return { figure: resolved.unavailable };
    const { window } = resolved;
    const cumulative = cumulativeReturn(window);
    const exact = setting.annualised
      ? annualisedReturn(cumulative, window, new this.D(this.config.calendar.daysPerYear))
      : cumulative;
    return {
      exact,
      figure: {
        value: this.text(exact),
        ...boundsOf(window),
        startNav: window.start.value.toFixed(),
        endNav: window.end.value.toFixed(),
        cumulative: this.text(cumulative),
        annualised: setting.annualised,
      },
    };
  }

  private rules(months: number, minObservations: number) {
    return { months, minObservations, staleGapToleranceDays: this.config.calendar.staleGapToleranceDays };
  }

  private text(value: Decimal): string {
    return figureText(value, this.config.arithmetic);
  }
}

function unavailable(
  reason: KpiUnavailable['reason'],
  detail: string,
  firstNavDate: string | null,
): KpiUnavailable {
  return { value: null, reason, detail, firstNavDate };
}

function dependent(reason: KpiUnavailable['reason'], detail: string, cause: KpiUnavailable): KpiUnavailable {
  return { value: null, reason, detail, firstNavDate: cause.firstNavDate, cause };
}
