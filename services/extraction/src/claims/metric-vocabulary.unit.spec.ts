import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { allMetrics, isKnownMetric, metricDefinition } from './metric-vocabulary';

const OPENFUNDS = resolve(
  __dirname,
  '../../../../../shared/fixtures/real/openfunds/openfunds-fields_v2.14.records.json',
);

describe('metric vocabulary', () => {
  it('uses dotted lower_snake keys', () => {
    const malformed = allMetrics().filter((m) => !/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/.test(m.key));
    expect(malformed).toEqual([]);
  });

  it('looks keys up', () => {
    expect(isKnownMetric('fund.net_assets')).toBe(true);
    expect(isKnownMetric('fund.netAssets')).toBe(false);
    expect(metricDefinition('nav.per_share')).toMatchObject({
      level: 'share_class',
      valueType: 'decimal',
      openfundsId: 'OFDY000035',
    });
  });

  (existsSync(OPENFUNDS) ? it : it.skip)(
    'maps only to OF-IDs that exist and are not deprecated in openfunds v2.14 (skipped without shared/fixtures)',
    () => {
      const fields = JSON.parse(readFileSync(OPENFUNDS, 'utf8')) as Array<{
        ofid: string;
        deprecated?: unknown;
      }>;
      const live = new Set(fields.filter((f) => !f.deprecated).map((f) => f.ofid));
      const unknown = allMetrics().filter((m) => m.openfundsId && !live.has(m.openfundsId));
      expect(unknown).toEqual([]);
    },
  );
});
