import Decimal from 'decimal.js';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KpiConfigValidator, type KpiConfig, type LoadedKpiConfig } from './kpi-config';
import { KPI_CONFIG_DIR, KPI_CONFIG_SCHEMA_FILE, loadKpiConfig } from './kpi-config.loader';
import { computeKpiSnapshot, type KpiInput } from './kpi-engine';
import type { KpiSnapshot } from './kpi-snapshot';
import type { NavPoint } from './nav-series';

/**
 * Expected figures are worked out here by hand from the raw files: plain loops over JS numbers,
 * window anchor dates and NAVs picked by reading the files, never through the engine's helpers.
 */
const REAL_NAV = resolve(__dirname, '../../../../../shared/fixtures/real/nav');
const CAPTOR = 'captor-iris-bond_SE0009807308_daily_2017-05-29_to_2020-06-26.json';
const HDFC_EQUITY = 'hdfc-equity-fund-growth_daily_1995-01-02_to_2016-06-03.csv';
const HDFC_LIQUID = 'hdfc-liquid-fund-growth_daily_2000-10-18_to_2016-06-05.csv';
const TOLERANCE = 1e-9;

const config = loadKpiConfig('kpi-config@1');

/** Headerless `DD/MM/YYYY,NAV`, newest first (the CSV's own order is kept: the engine must not care). */
function readHdfc(file: string): NavPoint[] {
  return readFileSync(join(REAL_NAV, file), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [day, value] = line.split(',');
      const [dd, mm, yyyy] = day.split('/');
      return { date: `${yyyy}-${mm}-${dd}`, value: value.trim() };
    });
}

function readCaptor(): NavPoint[] {
  const json = JSON.parse(readFileSync(join(REAL_NAV, CAPTOR), 'utf8')) as {
    dates: string[];
    values: number[];
  };
  return json.dates.map((date, index) => ({ date, value: String(json.values[index]) }));
}

/** The raw points between two dates (inclusive), ascending, as numbers. */
function between(points: readonly NavPoint[], from: string, to: string): number[] {
  const seen = new Set<string>();
  return [...points]
    .filter(
      (point) => point.date >= from && point.date <= to && !seen.has(point.date) && seen.add(point.date),
    )
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((point) => Number(point.value));
}

function navOn(points: readonly NavPoint[], date: string): number {
  const point = points.find((candidate) => candidate.date === date);
  if (!point) throw new Error(`no NAV on ${date} in the fixture`);
  return Number(point.value);
}

function handVolatility(values: readonly number[], log = false, periodsPerYear = 252): number {
  const returns: number[] = [];
  for (let i = 1; i < values.length; i++)
    returns.push(log ? Math.log(values[i] / values[i - 1]) : values[i] / values[i - 1] - 1);
  let mean = 0;
  for (const r of returns) mean += r / returns.length;
  let squares = 0;
  for (const r of returns) squares += (r - mean) ** 2;
  return Math.sqrt(squares / (returns.length - 1)) * Math.sqrt(periodsPerYear);
}

function handDrawdown(values: readonly number[]): number {
  let peak = values[0];
  let deepest = 0;
  for (const value of values) {
    peak = Math.max(peak, value);
    deepest = Math.min(deepest, value / peak - 1);
  }
  return deepest;
}

/** SRRI volatility classes as published for the UCITS KIID. */
function srriClass(volatility: number): number {
  const bounds = [0.005, 0.02, 0.05, 0.1, 0.15, 0.25];
  const index = bounds.findIndex((bound) => volatility < bound);
  return index === -1 ? 7 : index + 1;
}

function available<T extends { value: string | number | null }>(kpi: T): Exclude<T, { value: null }> {
  if (kpi.value === null) throw new Error(`expected a value, got ${JSON.stringify(kpi)}`);
  return kpi as Exclude<T, { value: null }>;
}

const near = (text: string, expected: number) =>
  expect(Math.abs(Number(text) - expected)).toBeLessThan(TOLERANCE);

function withConfig(change: (config: KpiConfig) => KpiConfig): LoadedKpiConfig {
  const schema = JSON.parse(readFileSync(join(KPI_CONFIG_DIR, KPI_CONFIG_SCHEMA_FILE), 'utf8')) as object;
  return new KpiConfigValidator(schema).accept(change(structuredClone(config.config)), 'variant');
}

const realFilesPresent = existsSync(join(REAL_NAV, CAPTOR)) && existsSync(join(REAL_NAV, HDFC_EQUITY));
if (!realFilesPresent)
  console.warn(`NAV fixtures not found at ${REAL_NAV}: real-file KPI tests are skipped.`);
const describeReal = realFilesPresent ? describe : describe.skip;

describeReal('KPI engine on the real Captor Iris Bond NAV series', () => {
  const nav = realFilesPresent ? readCaptor() : [];
  const snapshotAt = (asOf: string, input: Partial<KpiInput> = {}): KpiSnapshot =>
    computeKpiSnapshot({ fundId: 'SE0009807308', asOf, nav, config, ...input });

  // 2020-05-31 is a Sunday: every window ends on Friday 2020-05-29, the last NAV on or before it.
  const snapshot = realFilesPresent ? snapshotAt('2020-05-31') : ({} as KpiSnapshot);

  it.each([
    // key, calendar start, NAV date standing for it (last on or before), its NAV read from the file
    ['1M', '2020-04-30', '2020-04-30', '113.4158'],
    ['3M', '2020-02-29', '2020-02-28', '114.3212'],
    ['1Y', '2019-05-31', '2019-05-31', '109.3755'],
  ])(
    '%s return starts at the last NAV on or before %s and equals end / start − 1',
    (key, calendarStart, startDate, startNav) => {
      const figure = available(snapshot.returns[key]);
      expect(figure).toMatchObject({
        calendarStart,
        startDate,
        startNav,
        endDate: '2020-05-29',
        endNav: '113.432',
        annualised: false,
      });
      // Exact decimal by hand: 10 places, half-even, as the configuration says.
      expect(figure.value).toBe(
        new Decimal('113.432')
          .div(startNav)
          .minus(1)
          .toDecimalPlaces(10, Decimal.ROUND_HALF_EVEN)
          .toFixed(10),
      );
      near(figure.value, 113.432 / Number(startNav) - 1);
    },
  );

  it('annualises the 3Y return over the 1094 calendar days it spans (365.25-day years)', () => {
    const figure = available(snapshot.returns['3Y']);
    expect(figure).toMatchObject({
      startDate: '2017-05-31',
      startNav: '100.2821',
      endDate: '2020-05-29',
      annualised: true,
    });
    const cumulative = 113.432 / 100.2821 - 1;
    near(figure.cumulative, cumulative);
    near(figure.value, Math.pow(1 + cumulative, 365.25 / 1094) - 1);
  });

  it('computes 1Y volatility from daily simple returns (sample stdev × √252), the drawdown and the SRRI-like bucket', () => {
    const values = between(nav, '2019-05-31', '2020-05-29');
    const volatility = available(snapshot.volatility);
    expect(volatility).toMatchObject({
      frequency: 'daily',
      returnType: 'simple',
      periodsPerYear: 252,
      observations: values.length - 1,
    });
    near(volatility.value, handVolatility(values));

    const drawdown = available(snapshot.maxDrawdown);
    near(drawdown.value, handDrawdown(values));
    expect(Number(drawdown.value)).toBeLessThan(-0.03); // the March 2020 fall is in the window
    expect(navOn(nav, drawdown.troughDate) / navOn(nav, drawdown.peakDate) - 1).toBeCloseTo(
      handDrawdown(values),
      12,
    );

    expect(available(snapshot.riskBucket)).toEqual({
      value: srriClass(handVolatility(values)),
      measure: 'volatility',
      volatility: volatility.value,
    });
  });

  it('records configuration, inputs digest and that no benchmark was given', () => {
    expect(snapshot.config).toEqual({ configId: 'kpi-config@1', contentHash: config.contentHash });
    expect(snapshot.inputsDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(snapshot.snapshotId).toMatch(/^kpi-[0-9a-f]{32}$/);
    expect(snapshot.nav).toEqual({
      firstDate: '2017-05-29',
      lastDate: '2020-05-29',
      observations: between(nav, '2017-01-01', '2020-05-29').length,
    });
    expect(snapshot.relative.benchmark).toBeNull();
    expect(snapshot.relative.returns['1Y']).toMatchObject({ value: null, reason: 'NO_BENCHMARK' });
  });

  it('gives explicit nulls with the first NAV date for windows the history does not cover, never extrapolating', () => {
    const early = snapshotAt('2019-12-31');
    expect(early.returns['3Y']).toEqual({
      value: null,
      reason: 'INSUFFICIENT_HISTORY',
      detail: 'NAV starts 2017-05-29, after the window start 2016-12-31',
      firstNavDate: '2017-05-29',
    });
    expect(early.returns['1Y'].value).not.toBeNull();

    const young = snapshotAt('2017-06-30');
    expect(available(young.returns['1M'])).toMatchObject({ startDate: '2017-05-30' });
    for (const key of ['3M', '1Y', '3Y'])
      expect(young.returns[key]).toMatchObject({ value: null, reason: 'INSUFFICIENT_HISTORY' });
    expect(young.volatility).toMatchObject({
      value: null,
      reason: 'INSUFFICIENT_HISTORY',
      firstNavDate: '2017-05-29',
    });
    expect(young.maxDrawdown).toMatchObject({ value: null, reason: 'INSUFFICIENT_HISTORY' });
    expect(young.riskBucket).toMatchObject({
      value: null,
      reason: 'VOLATILITY_UNAVAILABLE',
      cause: { reason: 'INSUFFICIENT_HISTORY' },
    });

    // One day short is short: 1M from 2017-06-29 starts on the first NAV, from 2017-06-28 it has none.
    expect(available(snapshotAt('2017-06-29').returns['1M'])).toMatchObject({
      startDate: '2017-05-29',
      startNav: '100',
    });
    expect(snapshotAt('2017-06-28').returns['1M']).toMatchObject({
      value: null,
      reason: 'INSUFFICIENT_HISTORY',
    });
  });

  it('refuses a stale series beyond the 7-day tolerance and accepts one at it', () => {
    const stale = snapshotAt('2020-07-31');
    for (const kpi of [...Object.values(stale.returns), stale.volatility, stale.maxDrawdown])
      expect(kpi).toMatchObject({ value: null, reason: 'STALE_NAV' });
    expect(available(snapshotAt('2020-07-03').returns['1M'])).toMatchObject({ endDate: '2020-06-26' });
  });

  it('ignores NAVs after the snapshot date: they are neither used nor part of the inputs digest', () => {
    const cut = snapshotAt('2020-05-31', { nav: nav.filter((point) => point.date <= '2020-05-31') });
    expect(cut).toEqual(snapshot);
  });

  it('is deterministic: identical on a second run and for shuffled input order', () => {
    const shuffled = nav.map((_, index) => nav[(index * 389) % nav.length]); // 389 is prime to 772: a permutation
    expect(new Set(shuffled.map((point) => point.date)).size).toBe(nav.length);
    expect(JSON.stringify(snapshotAt('2020-05-31'))).toBe(JSON.stringify(snapshot));
    expect(snapshotAt('2020-05-31', { nav: shuffled })).toEqual(snapshot);
    expect(snapshotAt('2020-05-31', { nav: [...nav].reverse() }).snapshotId).toBe(snapshot.snapshotId);
  });

  it('follows the configured return type and frequency: daily log returns, month-end and week-end simple returns', () => {
    const log = snapshotAt('2020-05-31', {
      config: withConfig((c) => ({ ...c, volatility: { ...c.volatility, returnType: 'log' } })),
    });
    near(available(log.volatility).value, handVolatility(between(nav, '2019-05-31', '2020-05-29'), true));
    expect(log.config.contentHash).not.toBe(config.contentHash);
    expect(log.snapshotId).not.toBe(snapshot.snapshotId);

    const monthly = snapshotAt('2020-05-31', {
      config: withConfig((c) => ({
        ...c,
        volatility: { ...c.volatility, frequency: 'monthly', minObservations: 12 },
      })),
    });
    // Last NAV on or before each month end back from 2020-05-31, read from the file.
    const monthEnds = [
      '2019-05-31',
      '2019-06-28',
      '2019-07-31',
      '2019-08-30',
      '2019-09-30',
      '2019-10-31',
      '2019-11-29',
      '2019-12-30',
      '2020-01-31',
      '2020-02-28',
      '2020-03-31',
      '2020-04-30',
      '2020-05-29',
    ];
    expect(available(monthly.volatility)).toMatchObject({
      frequency: 'monthly',
      periodsPerYear: 12,
      observations: 12,
    });
    near(
      available(monthly.volatility).value,
      handVolatility(
        monthEnds.map((date) => navOn(nav, date)),
        false,
        12,
      ),
    );

    const weekly = snapshotAt('2020-05-31', {
      config: withConfig((c) => ({
        ...c,
        volatility: { ...c.volatility, frequency: 'weekly', minObservations: 50 },
      })),
    });
    // Sundays 2020-05-31, 2020-05-24, … back to 2019-06-02 (52 weeks; the next would fall before 2019-05-31).
    const weekEnds: number[] = [];
    for (let week = 52; week >= 0; week--) {
      const sunday = new Date(Date.UTC(2020, 4, 31 - 7 * week)).toISOString().slice(0, 10);
      weekEnds.push(Number([...nav].reverse().find((point) => point.date <= sunday)!.value));
    }
    expect(available(weekly.volatility)).toMatchObject({
      frequency: 'weekly',
      periodsPerYear: 52,
      observations: 52,
    });
    near(available(weekly.volatility).value, handVolatility(weekEnds, false, 52));
  });
});

describeReal('KPI engine on the real HDFC NAV series (CSV, newest first, holidays)', () => {
  const equity = realFilesPresent ? readHdfc(HDFC_EQUITY) : [];
  const liquid = realFilesPresent ? readHdfc(HDFC_LIQUID) : [];
  const benchmark = { id: 'hdfc-liquid-fund-growth', kind: 'inferred' as const, series: liquid };
  const snapshotAt = (asOf: string, input: Partial<KpiInput> = {}): KpiSnapshot =>
    computeKpiSnapshot({ fundId: 'hdfc-equity-fund-growth', asOf, nav: equity, benchmark, config, ...input });

  it('computes returns, volatility and drawdown of the equity fund by hand at 2016-05-31', () => {
    const snapshot = snapshotAt('2016-05-31');
    // 2015-05-31 is a Sunday: the equity fund's 1Y window starts on Friday 2015-05-29.
    expect(available(snapshot.returns['1Y'])).toMatchObject({
      startDate: '2015-05-29',
      startNav: '468.17',
      endNav: '447.52',
    });
    near(available(snapshot.returns['1Y']).value, 447.52 / 468.17 - 1);
    expect(available(snapshot.returns['1M'])).toMatchObject({
      calendarStart: '2016-04-30',
      startDate: '2016-04-29',
      startNav: '428.87',
    });
    near(available(snapshot.returns['3Y']).value, Math.pow(447.52 / 281.61, 365.25 / 1096) - 1);

    const values = between(equity, '2015-05-29', '2016-05-31');
    near(available(snapshot.volatility).value, handVolatility(values));
    near(available(snapshot.maxDrawdown).value, handDrawdown(values));
    expect(snapshot.riskBucket.value).toBe(srriClass(handVolatility(values)));
  });

  it('reports return relative to the inferred benchmark over the same calendar windows', () => {
    const snapshot = snapshotAt('2016-05-31');
    expect(snapshot.relative.benchmark).toEqual({ id: 'hdfc-liquid-fund-growth', kind: 'inferred' });
    // The liquid fund prices on Sundays, so its 1Y window starts on 2015-05-31 itself.
    const oneYear = available(snapshot.relative.returns['1Y']);
    expect(oneYear).toMatchObject({
      benchmarkStartDate: '2015-05-31',
      benchmarkEndDate: '2016-05-31',
      annualised: false,
    });
    near(oneYear.benchmarkReturn, 3024.54 / 2797.08 - 1);
    near(oneYear.value, 447.52 / 468.17 - 1 - (3024.54 / 2797.08 - 1));

    const threeYears = available(snapshot.relative.returns['3Y']);
    const fund = Math.pow(447.52 / 281.61, 365.25 / 1096) - 1;
    const bench = Math.pow(3024.54 / 2347.01, 365.25 / 1096) - 1;
    expect(threeYears).toMatchObject({ benchmarkStartDate: '2013-05-31', annualised: true });
    near(threeYears.value, fund - bench);
  });

  it('stands window bounds on holidays on the last NAV before them, per series', () => {
    // 2016-05-15 is a Sunday; 2016-04-15 (1M start) an Indian market holiday, as was 2016-04-14.
    const snapshot = snapshotAt('2016-05-15');
    expect(available(snapshot.returns['1M'])).toMatchObject({
      calendarStart: '2016-04-15',
      startDate: '2016-04-13',
      startNav: '423.38',
      endDate: '2016-05-13',
      endNav: '427.84',
    });
    near(available(snapshot.returns['1M']).value, 427.84 / 423.38 - 1);
    const relative = available(snapshot.relative.returns['1M']);
    expect(relative).toMatchObject({ benchmarkStartDate: '2016-04-13', benchmarkEndDate: '2016-05-15' });
    near(relative.value, 427.84 / 423.38 - 1 - (3014.37 / 2993.8 - 1));
  });

  it('turns the real 1995 gaps into STALE_NAV and NAV_GAP instead of bridging them', () => {
    // The file has no NAV from 1995-04-08 to 1995-04-18.
    expect(snapshotAt('1995-04-15').returns['1M']).toMatchObject({ value: null, reason: 'STALE_NAV' });
    expect(snapshotAt('1995-05-18').returns['1M']).toMatchObject({ value: null, reason: 'NAV_GAP' });
    const volatility = snapshotAt('1996-03-31').volatility;
    expect(volatility).toMatchObject({ value: null, reason: 'NAV_GAP' });
    expect(volatility.value === null && volatility.detail).toContain('12-day gap');
  });

  it('takes the file as it comes: newest first, repeated identical rows, and is identical on two runs', () => {
    expect(equity.length - new Set(equity.map((point) => point.date)).size).toBe(4);
    const first = snapshotAt('2016-05-31');
    expect(
      snapshotAt('2016-05-31', {
        nav: [...equity].reverse(),
        benchmark: { ...benchmark, series: [...liquid].reverse() },
      }),
    ).toEqual(first);
    expect(snapshotAt('2016-05-31')).toEqual(first);
    expect(snapshotAt('2016-05-31', { benchmark: { ...benchmark, kind: 'stated' } }).snapshotId).not.toBe(
      first.snapshotId,
    );
  });

  it('names the unavailable side when the benchmark history is too short', () => {
    const snapshot = snapshotAt('2003-06-30');
    expect(snapshot.relative.returns['1Y'].value).not.toBeNull();
    expect(snapshot.relative.returns['3Y']).toMatchObject({
      value: null,
      reason: 'BENCHMARK_RETURN_UNAVAILABLE',
      firstNavDate: '2000-10-18',
      cause: { reason: 'INSUFFICIENT_HISTORY' },
    });
  });
});

describe('KPI engine input checks', () => {
  const input = (nav: NavPoint[], asOf = '2020-01-31'): KpiInput => ({ fundId: 'f', asOf, nav, config });

  it('refuses two different NAVs for one date', () => {
    const nav = [
      { date: '2020-01-30', value: '10' },
      { date: '2020-01-30', value: '10.5' },
    ];
    expect(() => computeKpiSnapshot(input(nav))).toThrow(
      expect.objectContaining({
        code: 'KPI_NAV_DATE_CONFLICT',
        details: { series: 'nav', date: '2020-01-30', values: ['10', '10.5'] },
      }),
    );
  });

  it.each([
    [[{ date: '2020-02-30', value: '10' }], '2020-01-31'],
    [[{ date: '2020-01-30', value: '0' }], '2020-01-31'],
    [[{ date: '2020-01-30', value: '1,5' }], '2020-01-31'],
    [[{ date: '2020-01-30', value: '10' }], '31/01/2020'],
  ])('refuses unreadable input %j at %s with KPI_INPUT_INVALID', (nav, asOf) => {
    expect(() => computeKpiSnapshot(input(nav, asOf))).toThrow(
      expect.objectContaining({ code: 'KPI_INPUT_INVALID' }),
    );
  });

  it('gives every KPI a reason when there is no NAV at all', () => {
    const snapshot = computeKpiSnapshot(input([]));
    expect(snapshot.nav).toEqual({ firstDate: null, lastDate: null, observations: 0 });
    expect(snapshot.returns['1M']).toMatchObject({
      value: null,
      reason: 'INSUFFICIENT_HISTORY',
      firstNavDate: null,
    });
    expect(snapshot.riskBucket).toMatchObject({ value: null, reason: 'VOLATILITY_UNAVAILABLE' });
  });

  it('writes a flat series as zero return, zero drawdown and zero volatility (bucket 1), not -0', () => {
    const nav = Array.from({ length: 400 }, (_, day) => ({
      date: new Date(Date.UTC(2019, 0, 1 + day)).toISOString().slice(0, 10),
      value: '10.00',
    }));
    const snapshot = computeKpiSnapshot(input(nav));
    expect(snapshot.returns['1Y'].value).toBe('0.0000000000');
    expect(snapshot.maxDrawdown.value).toBe('0.0000000000');
    expect(snapshot.volatility.value).toBe('0.0000000000');
    expect(snapshot.riskBucket.value).toBe(1);
  });
});
