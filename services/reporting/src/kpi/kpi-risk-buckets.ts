import type Decimal from 'decimal.js';
import type { RiskBand } from './kpi-config';

/** The first band whose bound lies above the volatility; the last band has none (SRRI-like classes). */
export function riskBucketOf(volatility: Decimal, bands: readonly RiskBand[]): number {
  const band = bands.find((candidate) => candidate.below === undefined || volatility.lt(candidate.below));
  return (band ?? bands[bands.length - 1]).bucket;
}
