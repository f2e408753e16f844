import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceMetrics } from '@fai/observability';
import { readAlertRules } from '../../ops/src/alert-rules';
import { metricFamily, metricNames } from '../../ops/src/promql';
import { filesUnder, readJson, ROOT, type Values } from './deployment-files';

/*
 * Every metric an alert rule or a dashboard queries must be one the code declares, or the alert
 * can never fire and the panel stays empty. Declared: the registry every service exposes (platform
 * metrics and prom-client's process metrics) and each `name: 'fai_…'` in libs, services and the
 * event-metrics exporter (ops/src).
 */

// Series Prometheus makes itself, not the services.
const PROMETHEUS_SERIES = new Set(['up', 'ALERTS']);

function declaredMetrics(): Set<string> {
  const declared = new Set(
    new ServiceMetrics('metrics-check').registry.getMetricsAsArray().map((metric) => metric.name),
  );
  const sources = ['libs', 'services', 'ops/src']
    .flatMap((dir) => filesUnder(join(ROOT, dir), ['.ts']))
    .filter((file) => !file.endsWith('.spec.ts'));
  for (const file of sources) {
    for (const [, name] of readFileSync(join(ROOT, file), 'utf8').matchAll(/name: '(fai_[a-z0-9_]+)'/g))
      declared.add(name);
  }
  return declared;
}

function isDeclared(name: string, declared: Set<string>): boolean {
  return PROMETHEUS_SERIES.has(name) || metricFamily(name, declared) !== undefined;
}

const rules = readAlertRules();
const ruleExpressions = rules.map((rule) => ({ where: `rules.yaml ${rule.alert}`, expr: rule.expr }));
const dashboardExpressions = filesUnder(join(ROOT, 'ops/grafana'), ['.json']).flatMap((file) =>
  (readJson(join(ROOT, file)).panels as Values[]).flatMap((panel) =>
    (panel.targets as Values[]).map((target) => ({
      where: `${file} "${String(panel.title)}"`,
      expr: String(target.expr),
    })),
  ),
);

describe('metrics used by alerts and dashboards', () => {
  const declared = declaredMetrics();

  it('reads the names out of PromQL', () => {
    expect(metricNames('sum by (service, le) (rate(fai_x_bucket{status=~"5.."}[5m])) / up > 0.5')).toEqual([
      'fai_x_bucket',
      'up',
    ]);
  });

  it('finds rules and dashboard queries to check', () => {
    expect(ruleExpressions.length).toBeGreaterThan(5);
    expect(dashboardExpressions.length).toBeGreaterThan(5);
    expect(declared).toContain('fai_dead_letters_total');
    expect(declared).toContain('fai_extraction_outcomes_total');
  });

  it('reports a metric nobody declares', () => {
    expect(isDeclared('fai_cycles_failed_total', declared)).toBe(false);
    expect(isDeclared('fai_event_append_seconds_bucket', declared)).toBe(true);
  });

  it('every metric an alert rule or a dashboard queries is declared in the code', () => {
    const undeclared = [...ruleExpressions, ...dashboardExpressions].flatMap(({ where, expr }) =>
      metricNames(expr)
        .filter((name) => !isDeclared(name, declared))
        .map((name) => `${where}: ${name}`),
    );
    expect(undeclared).toEqual([]);
  });

  it('every alert names a severity and a runbook that exists', () => {
    const runbooks = filesUnder(join(ROOT, 'docs/runbooks'), ['.md']);
    for (const rule of rules) {
      expect([rule.alert, rule.labels.severity]).toEqual([
        rule.alert,
        expect.stringMatching(/^(warning|critical)$/),
      ]);
      expect(runbooks).toContain(rule.annotations.runbook);
    }
  });
});
