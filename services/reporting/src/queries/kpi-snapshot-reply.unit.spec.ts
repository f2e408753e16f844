import { createRegistry, getKpiSnapshotV1 } from '@fai/contracts';
import { loadKpiConfig } from '../kpi/kpi-config.loader';
import { computeKpiSnapshot } from '../kpi/kpi-engine';
import type { KpiSnapshot } from '../kpi/kpi-snapshot';
import type { NavPoint } from '../kpi/nav-series';

/** The engine's snapshots fit GetKpiSnapshot's reply schema: every figure, available or not. */

const registry = createRegistry();
const config = loadKpiConfig('kpi-config@1');

/** Weekday NAVs from `from` to 2026-10-30, a deterministic wave around `level`. */
function weekdays(from: string, level: number): NavPoint[] {
  const points: NavPoint[] = [];
  for (let day = new Date(`${from}T00:00:00Z`); day <= new Date('2026-10-30T00:00:00Z');) {
    if (day.getUTCDay() % 6 !== 0)
      points.push({
        date: day.toISOString().slice(0, 10),
        value: (level + 5 * Math.sin(points.length / 17) + points.length / 100).toFixed(4),
      });
    day = new Date(day.getTime() + 86_400_000);
  }
  return points;
}

const reply = (kpi: KpiSnapshot | null) => ({
  ...getKpiSnapshotV1.example.reply,
  kpi,
});

describe('the KPI snapshot in GetKpiSnapshot’s reply', () => {
  it('validates a snapshot with every figure and a benchmark', () => {
    const kpi = computeKpiSnapshot({
      fundId: 'fund-7',
      asOf: '2026-10-31',
      nav: weekdays('2022-10-03', 100),
      benchmark: { id: 'index-1', kind: 'stated', series: weekdays('2022-10-03', 1000) },
      config,
    });
    expect(kpi.volatility.value).not.toBeNull();
    expect(Object.values(kpi.relative.returns).some((figure) => figure.value !== null)).toBe(true);
    expect(registry.validateReply(getKpiSnapshotV1.name, getKpiSnapshotV1.version, reply(kpi))).toBeDefined();
  });

  it('validates a snapshot whose figures are unavailable, with their reasons', () => {
    const kpi = computeKpiSnapshot({
      fundId: 'fund-7',
      asOf: '2026-10-31',
      nav: weekdays('2026-10-01', 100),
      config,
    });
    expect(kpi.returns['1Y']).toEqual(
      expect.objectContaining({ value: null, reason: 'INSUFFICIENT_HISTORY' }),
    );
    expect(registry.validateReply(getKpiSnapshotV1.name, getKpiSnapshotV1.version, reply(kpi))).toBeDefined();
  });

  it('validates a fund without NAV history: no snapshot', () => {
    expect(
      registry.validateReply(getKpiSnapshotV1.name, getKpiSnapshotV1.version, reply(null)),
    ).toBeDefined();
  });
});
