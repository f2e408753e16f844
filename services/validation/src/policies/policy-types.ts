import type { CHANGE_CATEGORIES, EXCEPTION_KINDS, POLICY_KINDS, SEVERITIES } from '@fai/contracts';

/*
 * The three versioned policy documents, as written in `services/validation/policies/<id>.yaml`
 * and checked against `policies/schemas/<kind>.schema.json`. Every threshold, tolerance and
 * staleness limit lives here, never in code. Decimal parameters are strings so that no value
 * passes through a binary float on its way into decimal arithmetic.
 */

export type PolicyKind = (typeof POLICY_KINDS)[number];
export type Severity = (typeof SEVERITIES)[number];
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];
export type ChangeCategory = (typeof CHANGE_CATEGORIES)[number];
/** A decimal number written as text, e.g. '0.005'. */
export type DecimalText = string;
/** A metric key (`fund.net_assets`) or a family of keys (`costs.*`). */
export type MetricPattern = string;

/** How bad a finding is and whether it stops the fund from going to review. */
export interface ExceptionPolicy {
  severity: Severity;
  blocking: boolean;
}

interface PolicyHeader<K extends PolicyKind> {
  policyId: string;
  kind: K;
  version: number;
  description: string;
}

// ───────────────────────────── ruleset ─────────────────────────────

export interface RequiredField {
  metric: string;
  /** Required once per share class the fund's claims name, rather than once per fund. */
  perShareClass?: boolean;
}

/** Identifier schemes for share classes: KIIDs and TPTs name ISINs, N-PORT names SEC class ids. */
export type ShareClassIdScheme = 'isin' | 'sec_class_id';

export interface ScopeRules {
  description: string;
  /**
   * The scheme the scope's documents name share classes by. One class is often named by an ISIN in
   * one document and a SEC class id in another; without a link between the two, per-share-class
   * fields are required only under this scheme. Unset: every share class the claims name.
   */
  shareClassIds?: ShareClassIdScheme;
  required: RequiredField[];
}

export interface CrossSourceTolerance {
  /** |a − b| / |reference| for amounts and prices. */
  relativeTolerance?: DecimalText;
  /** |a − b| in the value's unit (percentage points for percentages). */
  absoluteTolerance?: DecimalText;
  /** Claims whose as-of dates lie further apart describe different moments and are not compared. */
  maxAsOfGapDays: number;
}

export interface RulesetPolicy extends PolicyHeader<'ruleset'> {
  /** Claims on these metrics feed checks but never become profile fields (e.g. holdings). */
  fields: { exclude: MetricPattern[] };
  scopes: Record<string, ScopeRules>;
  completeness: { exception: ExceptionPolicy };
  freshness: { exception: ExceptionPolicy };
  unsupportedSource: { exception: ExceptionPolicy };
  sourceProblems: Record<
    'missing_artefact' | 'duplicate_artefact' | 'stale_source' | 'extraction_problem',
    ExceptionPolicy
  >;
  checks: {
    holdings_sum: {
      enabled: boolean;
      /** Percentage points around 100 % for the sum of holding weights. */
      percentTolerance: DecimalText;
      /** Relative difference allowed between the sum of holding values and net assets. */
      valueRelativeTolerance: DecimalText;
      /** A fund with liabilities at least this share of total assets is leveraged: holdings may exceed net assets up to total assets. */
      leveraged: { liabilitiesToTotalAssetsAtLeast: DecimalText; exception: ExceptionPolicy };
      exception: ExceptionPolicy;
    };
    balance_sheet: { enabled: boolean; relativeTolerance: DecimalText; exception: ExceptionPolicy };
    return_vs_nav: {
      enabled: boolean;
      tolerancePercentagePoints: DecimalText;
      /** How far from a month end a NAV may be and still stand for it (weekends, holidays). */
      maxDateGapDays: number;
      exception: ExceptionPolicy;
    };
    net_asset_change: { enabled: boolean; relativeTolerance: DecimalText; exception: ExceptionPolicy };
    share_class_totals: { enabled: boolean; relativeTolerance: DecimalText; exception: ExceptionPolicy };
    redemption_notice: {
      enabled: boolean;
      frequencyMetric: string;
      noticeMetric: string;
      /** The longest notice period (days) consistent with each dealing frequency. */
      maxNoticeDays: Record<string, number>;
      exception: ExceptionPolicy;
    };
    cross_source: {
      enabled: boolean;
      default: CrossSourceTolerance;
      metrics: Record<string, CrossSourceTolerance>;
      exception: ExceptionPolicy;
    };
  };
  deltas: { untracked: MetricPattern[] };
}

// ───────────────────────────── materiality ─────────────────────────────

export type ChangeDirection = 'increase' | 'decrease' | 'changed' | 'added' | 'removed';
export type MagnitudeMeasure = 'bps' | 'relative_percent' | 'absolute';

export interface SeverityRule {
  when: { category?: ChangeCategory; metrics?: MetricPattern[]; changes?: ChangeDirection[] };
  severity: Severity;
  note: string;
}

export interface MagnitudeThreshold {
  id: string;
  metrics: MetricPattern[];
  measure: MagnitudeMeasure;
  threshold: DecimalText;
  /** Only changes in this direction count towards the threshold (e.g. notice period increases). */
  direction?: 'increase' | 'decrease';
  note: string;
}

export type ScoreDimension = 'severity' | 'magnitude' | 'confidence' | 'persistence';

export interface MaterialityPolicy extends PolicyHeader<'materiality'> {
  /** Metric pattern → change category; the most specific pattern wins. */
  categories: Record<MetricPattern, ChangeCategory>;
  defaultCategory: ChangeCategory;
  severity: { default: Severity; rules: SeverityRule[] };
  /** Categories the allocators asked to treat as high whatever the rules say. */
  allocatorPreferences: { escalateCategories: ChangeCategory[] };
  severityScores: Record<Severity, DecimalText>;
  magnitude: {
    /** A measure at this multiple of its threshold scores the full magnitude. */
    saturationMultiple: DecimalText;
    /** Numeric changes no threshold covers: relative change (percent) that counts as a threshold. */
    defaultRelativePercent: DecimalText;
    nonNumericChange: DecimalText;
    listChange: DecimalText;
    thresholds: MagnitudeThreshold[];
    /** Exceptions without a measured deviation score this magnitude, per kind. */
    exceptionKinds: Partial<Record<ExceptionKind, DecimalText>> & { default: DecimalText };
  };
  confidence: {
    secondarySourceFactor: DecimalText;
    agreementBonus: DecimalText;
    stalePenalty: DecimalText;
    contradictionPenalty: DecimalText;
    /** Evidence below this is weak: a needs_verification exception, never an alert. */
    minimumForAlert: DecimalText;
  };
  persistence: { perConsecutiveCycle: DecimalText; perAdditionalSource: DecimalText };
  weights: Record<ScoreDimension, DecimalText>;
  alert: {
    threshold: DecimalText;
    /** A high-severity change past its magnitude threshold alerts whatever its total score. */
    highSeverityMagnitudeBreach: boolean;
    exceptionKinds: ExceptionKind[];
  };
  materialChange: { blocking: boolean };
  needsVerification: { blocking: boolean };
  slaHours: Record<Severity, number>;
}

// ───────────────────────────── source policy ─────────────────────────────

export type SourceType = 'upload' | 'email' | 'online' | 'internal';

export interface SourceRank {
  extractor: string;
  rank: number;
  primary: boolean;
  note: string;
}

export interface SourcePolicy extends PolicyHeader<'source_policy'> {
  allowedSourceTypes: SourceType[];
  /** Hosts an `online` artefact may come from (a host matches itself and its subdomains). */
  allowedOrigins: string[];
  /** Ranked document families, by extractor id; claims from unlisted extractors are unsupported. */
  sources: SourceRank[];
  recency: { defaultDays: number; metrics: Record<MetricPattern, number> };
}

export type PolicyDocument = RulesetPolicy | MaterialityPolicy | SourcePolicy;

/** A validated document with the hash that identifies its content. */
export interface LoadedPolicy<P extends PolicyDocument = PolicyDocument> {
  document: P;
  contentHash: string;
}

/** The versions one cycle uses. */
export interface PinnedPolicies {
  ruleset: LoadedPolicy<RulesetPolicy>;
  materiality: LoadedPolicy<MaterialityPolicy>;
  sourcePolicy: LoadedPolicy<SourcePolicy>;
}
