/** The dated KPI snapshot (PRODUCT-SPEC §6, acceptance 44–45): every figure a decimal string or an explicit null. */

export type KpiUnavailableReason =
  /** the series does not reach back to the window's calendar start (never extrapolated) */
  | 'INSUFFICIENT_HISTORY'
  /** the last NAV on or before the snapshot date is older than the stale-gap tolerance */
  | 'STALE_NAV'
  /** a NAV standing for a window bound, or between two NAVs a volatility uses, lies beyond the tolerance */
  | 'NAV_GAP'
  /** the window holds fewer observations than the configuration requires */
  | 'INSUFFICIENT_OBSERVATIONS'
  | 'NO_BENCHMARK'
  | 'FUND_RETURN_UNAVAILABLE'
  | 'BENCHMARK_RETURN_UNAVAILABLE'
  | 'VOLATILITY_UNAVAILABLE';

export interface KpiUnavailable {
  value: null;
  reason: KpiUnavailableReason;
  detail: string;
  /** first observation of the series concerned, so a reader sees how far the history goes */
  firstNavDate: string | null;
  /** why the figure this one depends on is unavailable */
  cause?: KpiUnavailable;
}

/** A KPI: its value with how it was obtained, or null with a reason. */
export type Kpi<T extends { value: string | number }> = T | KpiUnavailable;

/** Dates and NAVs standing for a window's bounds: the last NAV on or before each calendar bound. */
export interface WindowBounds {
  calendarStart: string;
  startDate: string;
  endDate: string;
}

export interface ReturnFigure extends WindowBounds {
  value: string;
  startNav: string;
  endNav: string;
  /** end / start − 1 over the window */
  cumulative: string;
  annualised: boolean;
}

export interface VolatilityFigure extends WindowBounds {
  /** annualised sample standard deviation of periodic returns */
  value: string;
  frequency: 'daily' | 'weekly' | 'monthly';
  returnType: 'simple' | 'log';
  periodsPerYear: number;
  /** number of periodic returns */
  observations: number;
}

export interface DrawdownFigure extends WindowBounds {
  /** trough / peak − 1 of the deepest fall (0 or negative) */
  value: string;
  peakDate: string;
  troughDate: string;
}

export interface RiskBucketFigure {
  value: number;
  measure: 'volatility';
  volatility: string;
}

export interface RelativeReturnFigure {
  /** fund return − benchmark return over the same calendar window (both annualised where the window is) */
  value: string;
  fundReturn: string;
  benchmarkReturn: string;
  benchmarkStartDate: string;
  benchmarkEndDate: string;
  annualised: boolean;
}

export type BenchmarkKind = 'stated' | 'inferred';

export interface KpiSnapshot {
  /** derived from fund, date, configuration and inputs: the same run always gets the same id */
  snapshotId: string;
  fundId: string;
  asOf: string;
  config: { configId: string; contentHash: string };
  /** sha256 of the canonical NAV and benchmark series on or before `asOf` */
  inputsDigest: string;
  nav: { firstDate: string | null; lastDate: string | null; observations: number };
  returns: Record<string, Kpi<ReturnFigure>>;
  volatility: Kpi<VolatilityFigure>;
  maxDrawdown: Kpi<DrawdownFigure>;
  riskBucket: Kpi<RiskBucketFigure>;
  relative: {
    benchmark: { id: string; kind: BenchmarkKind } | null;
    returns: Record<string, Kpi<RelativeReturnFigure>>;
  };
}
