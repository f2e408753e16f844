import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KpiConfigValidator, type KpiConfig } from './kpi-config';
import { KPI_CONFIG_DIR, KPI_CONFIG_SCHEMA_FILE, loadKpiConfig } from './kpi-config.loader';

const schema = JSON.parse(readFileSync(join(KPI_CONFIG_DIR, KPI_CONFIG_SCHEMA_FILE), 'utf8')) as object;
const v1 = (): KpiConfig =>
  JSON.parse(readFileSync(join(KPI_CONFIG_DIR, 'kpi-config@1.json'), 'utf8')) as KpiConfig;
const problemsOf = (content: unknown): unknown => {
  try {
    new KpiConfigValidator(schema).accept(content, 'candidate');
  } catch (error) {
    return error;
  }
  throw new Error('expected the configuration to be refused');
};

describe('KPI configuration', () => {
  it('loads kpi-config@1 with the 1M/3M/1Y/3Y windows, SRRI-like bands and a content hash', () => {
    const loaded = loadKpiConfig('kpi-config@1');
    expect(loaded.config.returns.map((window) => window.key)).toEqual(['1M', '3M', '1Y', '3Y']);
    expect(loaded.config.returns.filter((window) => window.annualised).map((window) => window.key)).toEqual([
      '3Y',
    ]);
    expect(loaded.config.riskBuckets.bands).toHaveLength(7);
    expect(loaded.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes content, not formatting or key order', () => {
    const { config } = loadKpiConfig('kpi-config@1');
    const reordered = Object.fromEntries(Object.entries(config).reverse());
    expect(new KpiConfigValidator(schema).accept(reordered, 'reordered').contentHash).toBe(
      loadKpiConfig('kpi-config@1').contentHash,
    );
    const changed = { ...config, calendar: { ...config.calendar, staleGapToleranceDays: 6 } };
    expect(new KpiConfigValidator(schema).accept(changed, 'changed').contentHash).not.toBe(
      loadKpiConfig('kpi-config@1').contentHash,
    );
  });

  it('refuses a document that breaks the schema, naming the path', () => {
    const config = v1();
    const broken = { ...config, volatility: { ...config.volatility, returnType: 'arithmetic' } };
    expect(problemsOf(broken)).toMatchObject({ code: 'KPI_CONFIG_INVALID' });
    expect(JSON.stringify(problemsOf(broken))).toContain('/volatility/returnType');
  });

  it('refuses falling band bounds, a bounded last band, a mismatched id and a repeated window', () => {
    const config = v1();
    const bands = config.riskBuckets.bands.map((band) => ({ ...band }));
    bands[2].below = '0.01';
    bands[6].below = '0.5';
    const error = problemsOf({
      ...config,
      configId: 'kpi-config@2',
      returns: [...config.returns, config.returns[0]],
      riskBuckets: { ...config.riskBuckets, bands },
    }) as { code: string; details: { problems: string[] } };
    expect(error.code).toBe('KPI_CONFIG_INVALID');
    expect(error.details.problems).toEqual([
      'configId must be kpi-config@1 for version 1',
      'return window 1M is defined twice',
      'risk band bounds must rise: bucket 3 bound 0.01 is not above 0.02',
      'only the last risk band (bucket 7) has no bound',
    ]);
  });

  it('names the known versions when asked for one that does not exist', () => {
    expect(() => loadKpiConfig('kpi-config@99')).toThrow(
      expect.objectContaining({
        code: 'KPI_CONFIG_UNKNOWN',
        details: { configId: 'kpi-config@99', known: ['kpi-config@1'] },
      }),
    );
  });
});
