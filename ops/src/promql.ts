/*
 * Just enough PromQL reading to know which metrics an alert rule or a dashboard query uses: the
 * identifiers that are not functions, keywords or the labels of a `by (…)` clause, outside label
 * matchers, ranges and strings.
 */

const PROMQL_WORDS = new Set([
  'sum',
  'max',
  'min',
  'avg',
  'count',
  'by',
  'without',
  'rate',
  'increase',
  'irate',
  'histogram_quantile',
  'and',
  'or',
  'unless',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'offset',
  'bool',
]);

export function metricNames(expr: string): string[] {
  const groupingLabels = new Set(
    [...expr.matchAll(/\b(?:by|without|on|ignoring) \(([^)]*)\)/g)].flatMap(([, list]) =>
      list.split(',').map((label) => label.trim()),
    ),
  );
  const bare = expr
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/"[^"]*"/g, '');
  const names = [...bare.matchAll(/([A-Za-z_:][A-Za-z0-9_:]*)\s*(\()?/g)]
    .filter(([, name, call]) => !call && !PROMQL_WORDS.has(name) && !groupingLabels.has(name))
    .map(([, name]) => name);
  return [...new Set(names)];
}

const HISTOGRAM_SERIES = ['_bucket', '_count', '_sum'];

/** The metric a series belongs to: `x_bucket`, `x_count` and `x_sum` are series of the histogram `x`. */
export function metricFamily(name: string, declared: ReadonlySet<string>): string | undefined {
  if (declared.has(name)) return name;
  const suffix = HISTOGRAM_SERIES.find((end) => name.endsWith(end));
  const family = suffix ? name.slice(0, -suffix.length) : undefined;
  return family && declared.has(family) ? family : undefined;
}
