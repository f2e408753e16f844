import Ajv, { type ValidateFunction } from 'ajv';
import Decimal from 'decimal.js';
import { canonicalDigest } from './canonical-digest';
import { KpiConfigInvalidError } from './kpi-errors';

export type VolatilityFrequency = 'daily' | 'weekly' | 'monthly';
export type PeriodicReturnType = 'simple' | 'log';
export type KpiRounding = 'ROUND_HALF_EVEN' | 'ROUND_HALF_UP' | 'ROUND_DOWN';

/** A return horizon: calendar months back from the snapshot date. */
export interface ReturnWindowSetting {
  key: string;
  months: number;
  annualised: boolean;
  minObservations: number;
}

/** Risk bucket `bucket` holds a volatility below `below`; the last band has no bound. */
export interface RiskBand {
  bucket: number;
  below?: string;
}

/** `kpi-config@<n>.json`, as its JSON Schema (`kpi-config/kpi-config.schema.json`) describes it. */
export interface KpiConfig {
  configId: string;
  version: number;
  arithmetic: { precision: number; rounding: KpiRounding; outputDecimalPlaces: number };
  calendar: { daysPerYear: string; staleGapToleranceDays: number };
  returns: ReturnWindowSetting[];
  volatility: {
    months: number;
    frequency: VolatilityFrequency;
    returnType: PeriodicReturnType;
    periodsPerYear: Record<VolatilityFrequency, number>;
    minObservations: number;
  };
  drawdown: { months: number; minObservations: number };
  riskBuckets: { measure: 'volatility'; bands: RiskBand[] };
}

/** A validated configuration and its identity, which every snapshot computed with it records. */
export interface LoadedKpiConfig {
  config: KpiConfig;
  contentHash: string;
}

/** sha256 of the canonical JSON (sorted keys): formatting does not change a version's identity. */
export function kpiConfigContentHash(config: KpiConfig): string {
  return canonicalDigest(config);
}

/** Validates configuration documents against the JSON Schema and the rules a schema cannot state. */
export class KpiConfigValidator {
  private readonly validate: ValidateFunction;

  constructor(schema: object) {
    this.validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
  }

  accept(content: unknown, source: string): LoadedKpiConfig {
    if (!this.validate(content)) {
      throw new KpiConfigInvalidError(
        source,
        (this.validate.errors ?? []).map(
          (error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`,
        ),
      );
    }
    const config = content as KpiConfig;
    const problems = [
      ...identityProblems(config),
      ...windowProblems(config),
      ...bandProblems(config.riskBuckets.bands),
    ];
    if (problems.length > 0) throw new KpiConfigInvalidError(source, problems);
    return { config, contentHash: kpiConfigContentHash(config) };
  }
}

function identityProblems(config: KpiConfig): string[] {
  const expected = `kpi-config@${config.version}`;
  return config.configId === expected ? [] : [`configId must be ${expected} for version ${config.version}`];
}

function windowProblems(config: KpiConfig): string[] {
  const keys = config.returns.map((window) => window.key);
  return keys
    .filter((key, index) => keys.indexOf(key) !== index)
    .map((key) => `return window ${key} is defined twice`);
}

function bandProblems(bands: readonly RiskBand[]): string[] {
  const problems: string[] = [];
  bands.forEach((band, index) => {
    if (band.bucket !== index + 1) problems.push(`risk band ${index} must be bucket ${index + 1}`);
    const last = index === bands.length - 1;
    if (last !== (band.below === undefined))
      problems.push(`only the last risk band (bucket ${bands.length}) has no bound`);
    const previous = bands[index - 1]?.below;
    if (band.below !== undefined && previous !== undefined && new Decimal(band.below).lte(previous))
      problems.push(
        `risk band bounds must rise: bucket ${band.bucket} bound ${band.below} is not above ${previous}`,
      );
  });
  return [...new Set(problems)];
}
