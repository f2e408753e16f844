import type Decimal from 'decimal.js';
import type { NavObservation, NavSeries } from './nav-series';

export interface Drawdown {
  /** trough / peak − 1: zero when the NAV never fell below an earlier high */
  value: Decimal;
  peakDate: string;
  troughDate: string;
}

/** The deepest fall from a running peak to a later NAV, over a series of at least one observation. */
export function maxDrawdown(series: NavSeries): Drawdown {
  let peak = series[0];
  // The first NAV against itself: no fall yet, in the configured decimal type.
  let deepest: Drawdown = { value: fallFrom(peak, peak), peakDate: peak.date, troughDate: peak.date };
  for (const observation of series) {
    if (observation.value.gt(peak.value)) peak = observation;
    const fall = fallFrom(peak, observation);
    if (fall.lt(deepest.value)) deepest = { value: fall, peakDate: peak.date, troughDate: observation.date };
  }
  return deepest;
}

function fallFrom(peak: NavObservation, observation: NavObservation): Decimal {
  return observation.value.div(peak.value).minus(1);
}
