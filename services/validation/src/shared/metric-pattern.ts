import type { MetricPattern } from '../policies/policy-types';

/** `costs.*` matches `costs.ongoing_charges` and `costs.mifid.ongoing`; a plain key matches only itself. */
export function matchesPattern(metric: string, pattern: MetricPattern): boolean {
  return pattern.endsWith('.*') ? metric.startsWith(pattern.slice(0, -1)) : metric === pattern;
}

export function matchesAny(metric: string, patterns: readonly MetricPattern[]): boolean {
  return patterns.some((pattern) => matchesPattern(metric, pattern));
}

/** The value of the most specific matching pattern: an exact key beats a family, a longer family a shorter one. */
export function mostSpecific<T>(metric: string, table: Readonly<Record<MetricPattern, T>>): T | undefined {
  const matching = Object.keys(table)
    .filter((pattern) => matchesPattern(metric, pattern))
    .sort((a, b) => specificity(b) - specificity(a));
  return matching.length > 0 ? table[matching[0]] : undefined;
}

function specificity(pattern: MetricPattern): number {
  return pattern.endsWith('.*') ? pattern.length - 2 : Number.MAX_SAFE_INTEGER;
}
