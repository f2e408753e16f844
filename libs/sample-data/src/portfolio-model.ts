import Decimal from 'decimal.js';
import { addMonths, businessDays, lastBusinessDay, monthEnd } from './calendar';
import { cik, classId, lei, seriesId, usSecurityIds } from './identifiers';
import { SeededRandom } from './random';

/**
 * The sample portfolio as data, before any document is written: funds, their securities, NAV
 * history and the figures of every period. Documents are renderings of this model, so every value a
 * document states is known here and a test can compare extracted claims with it.
 */

export type SampleArtefactType = 'nport' | 'findatex_tpt' | 'nav_history' | 'factsheet';
export const SAMPLE_ARTEFACT_TYPES: readonly SampleArtefactType[] = [
  'nport',
  'findatex_tpt',
  'nav_history',
  'factsheet',
];

export type FundStyle = 'equity' | 'bond' | 'balanced';

export interface Security {
  kind: 'equity' | 'bond';
  issuerName: string;
  title: string;
  cusip: string;
  isin: string;
  issuerLei: string;
  ticker: string;
  /** Equities: price per share (USD); bonds: clean price in percent of principal. */
  price: string;
  /** Bonds only. */
  coupon?: string;
  maturity?: string;
  modifiedDuration?: string;
}

export interface PeriodHolding {
  security: Security;
  /** Market value, USD, 2 decimals. */
  value: string;
  /** Percent of net assets as N-PORT states it (pctVal). */
  pct: string;
  /** Share of net assets as TPT field 26 states it (a ratio). */
  weight: string;
  /** Shares (equities) or principal in USD (bonds). */
  balance: string;
}

export interface MonthlyFlow {
  sales: string;
  reinvestment: string;
  redemption: string;
}

export interface FundPeriod {
  /** `YYYY-MM`. */
  period: string;
  /** N-PORT report date: the last calendar day of the month. */
  reportDate: string;
  /** The month's last NAV date: TPT valuation date and the factsheet's "as at". */
  valuationDate: string;
  netAssets: string;
  totalLiabilities: string;
  totalAssets: string;
  /** Percent, 2 decimals, for the three months the N-PORT covers (oldest first). */
  monthlyReturns: [string, string, string];
  flows: [MonthlyFlow, MonthlyFlow, MonthlyFlow];
  holdings: PeriodHolding[];
  /** Net assets not in the holdings (cash and other net assets); TPT lists it as a cash position. */
  cash: string;
  cashWeight: string;
  navPerShare: string;
  sharesOutstanding: string;
  /** Weighted modified duration of the bonds, years ("0" for an equity fund). */
  modifiedDuration: string;
  /** What the factsheet prints as total net assets: the N-PORT figure unless the fund carries the conflict. */
  factsheetNetAssets: string;
  /** Artefact types produced this period (a fund may miss one). */
  artefactTypes: SampleArtefactType[];
}

export interface NavPoint {
  date: string;
  nav: string;
  benchmark: string;
}

export interface SampleFund {
  fundId: string;
  name: string;
  style: FundStyle;
  registrant: { name: string; cik: string; lei: string; fileNumber: string };
  seriesId: string;
  lei: string;
  classId: string;
  isin: string;
  shareClassId: string;
  currency: 'USD';
  benchmarkName: string;
  manager: string;
  inceptionDate: string;
  ongoingCharges: string;
  /** The TPT template version the fund's administrator sends. */
  tptVersion: 'V6' | 'V7';
  /** Daily NAV and benchmark level, oldest first, up to the last period's valuation date. */
  navHistory: NavPoint[];
  periods: FundPeriod[];
}

export interface SampleScenarios {
  /** The fund whose factsheet states net assets beyond tolerance from its N-PORT, in the last period. */
  crossSourceConflict?: {
    fundId: string;
    period: string;
    metric: 'fund.net_assets';
    nport: string;
    factsheet: string;
  };
  /** The fund that sends no TPT in the last period. */
  missingArtefact?: { fundId: string; period: string; artefactType: SampleArtefactType };
}

export interface SamplePortfolioModel {
  seed: string;
  periods: string[];
  funds: SampleFund[];
  scenarios: SampleScenarios;
}

export interface ModelOptions {
  funds: number;
  seed: string;
  /** Consecutive `YYYY-MM` periods, oldest first. */
  periods: string[];
}

/** Years of daily NAV before the first period: the KPI engine needs 3 years for its longest window. */
const HISTORY_MONTHS = 40;
/** How far the conflicting factsheet is off the N-PORT (the ruleset tolerates 0.5 %). */
const CONFLICT_FACTOR = new Decimal('1.03');
const CONFLICT_FUND = 1;
const MISSING_FUND = 2;

export function buildPortfolioModel({ funds, seed, periods }: ModelOptions): SamplePortfolioModel {
  const root = new SeededRandom(seed);
  const last = periods.at(-1)!;
  // Every fund strikes its NAV on the same calendar.
  const navDays = businessDays(`${addMonths(periods[0], -HISTORY_MONTHS)}-01`, lastBusinessDay(last));
  const built = distinctNames(
    Array.from({ length: funds }, (_, index) =>
      buildFund(root.fork(`fund-${index}`), index, periods, navDays),
    ),
  );
  const scenarios: SampleScenarios = {};
  // Both scenarios sit in the last period, so the first stays a clean baseline to approve.
  const conflicting = built[CONFLICT_FUND];
  if (conflicting) {
    const period = conflicting.periods.at(-1)!;
    period.factsheetNetAssets = new Decimal(period.netAssets).times(CONFLICT_FACTOR).toFixed(2);
    scenarios.crossSourceConflict = {
      fundId: conflicting.fundId,
      period: last,
      metric: 'fund.net_assets',
      nport: period.netAssets,
      factsheet: period.factsheetNetAssets,
    };
  }
  const missing = built[MISSING_FUND];
  if (missing) {
    const period = missing.periods.at(-1)!;
    period.artefactTypes = period.artefactTypes.filter((type) => type !== 'findatex_tpt');
    scenarios.missingArtefact = { fundId: missing.fundId, period: last, artefactType: 'findatex_tpt' };
  }
  return { seed, periods, funds: built, scenarios };
}

// ───────────── names ─────────────

/**
 * A range reuses a name with a numeral, as managers do ("… Bond Fund II"): the n-th fund drawing
 * a name already taken becomes its n-th edition. Depends on earlier funds only, so a fund keeps its
 * name whatever the fund count.
 */
function distinctNames(funds: SampleFund[]): SampleFund[] {
  const editions = new Map<string, number>();
  return funds.map((fund) => {
    const edition = (editions.get(fund.name) ?? 0) + 1;
    editions.set(fund.name, edition);
    return edition === 1 ? fund : { ...fund, name: `${fund.name} ${romanNumeral(edition)}` };
  });
}

function romanNumeral(value: number): string {
  const numerals: Array<[number, string]> = [
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let rest = value;
  let text = '';
  for (const [amount, numeral] of numerals) {
    for (; rest >= amount; rest -= amount) text += numeral;
  }
  return text;
}

const ADJECTIVES = [
  'Meridian',
  'Harbor',
  'Summit',
  'Northgate',
  'Evergreen',
  'Keystone',
  'Bluewater',
  'Ironwood',
  'Clearfield',
  'Silverline',
];
const THEMES: Record<FundStyle, string[]> = {
  equity: ['US Large Cap', 'Dividend Growth', 'Quality Equity', 'Mid Cap Value', 'Technology Leaders'],
  bond: ['Core Bond', 'Short Duration Income', 'Investment Grade Credit', 'Total Return Bond'],
  balanced: ['Balanced Allocation', 'Moderate Growth', 'Income and Growth'],
};
const BENCHMARKS: Record<FundStyle, string> = {
  equity: 'S&P 500 Total Return Index',
  bond: 'Bloomberg US Aggregate Bond Index',
  balanced: '60% S&P 500 / 40% Bloomberg US Aggregate',
};
const SURNAMES = [
  'Whitman',
  'Calloway',
  'Ashford',
  'Brennan',
  'Delacroix',
  'Okafor',
  'Lindqvist',
  'Moreau',
  'Nakamura',
  'Patel',
];
const FIRST_NAMES = [
  'Alice',
  'Daniel',
  'Grace',
  'Henry',
  'Maya',
  'Oliver',
  'Priya',
  'Samuel',
  'Sofia',
  'Thomas',
];
const COMPANY_WORDS = [
  'Apex',
  'Beacon',
  'Cobalt',
  'Delta',
  'Ember',
  'Falcon',
  'Granite',
  'Horizon',
  'Juniper',
  'Lumen',
  'Nova',
  'Orion',
  'Pioneer',
  'Quantum',
  'Redwood',
  'Sterling',
  'Titan',
  'Vertex',
  'Willow',
  'Zenith',
];
const COMPANY_KINDS = [
  'Holdings',
  'Industries',
  'Systems',
  'Energy',
  'Financial',
  'Health',
  'Materials',
  'Networks',
  'Foods',
  'Logistics',
];

// ───────────── one fund ─────────────

function buildFund(random: SeededRandom, index: number, periods: string[], navDays: string[]): SampleFund {
  const style = random.pick<FundStyle>(['equity', 'equity', 'bond', 'balanced']);
  const family = random.pick(ADJECTIVES);
  const name = `${family} ${random.pick(THEMES[style])} Fund`;
  const fundId = `fund-${String(index + 1).padStart(4, '0')}`;
  const securities = buildSecurities(random.fork('securities'), style, periods.length);
  const navHistory = buildNavHistory(random.fork('nav'), style, navDays);
  const months = monthsCovered(periods);
  const netAssetsByMonth = buildNetAssets(random.fork('net-assets'), navHistory, months);
  const holdingsRandom = random.fork('holdings');
  const baseCount = securities.length - (periods.length - 1);
  const baseWeights = securities.map(() => Math.exp(0.8 * holdingsRandom.normal()));
  return {
    fundId,
    name,
    style,
    registrant: {
      name: `${family} ${random.pick(SURNAMES)} Funds Trust`,
      cik: cik(random),
      lei: lei(random),
      fileNumber: `811-${random.int(10000, 24999)}`,
    },
    seriesId: seriesId(random),
    lei: lei(random),
    classId: classId(random),
    isin: usSecurityIds(random).isin,
    shareClassId: `${fundId}-i`,
    currency: 'USD',
    benchmarkName: BENCHMARKS[style],
    manager: `${random.pick(FIRST_NAMES)} ${random.pick(SURNAMES)}`,
    inceptionDate: `${random.int(2005, 2018)}-${String(random.int(1, 12)).padStart(2, '0')}-01`,
    ongoingCharges: new Decimal(random.int(15, 95)).div(100).toFixed(2),
    // Administrators move to a new template at their own pace: half the funds send V7.
    tptVersion: index % 2 === 0 ? 'V6' : 'V7',
    navHistory,
    periods: periods.map((period, p) => {
      // Each period drops the oldest holding and adds a new one, so holdings change between periods.
      const held = securities.slice(p, p + baseCount);
      const weights = baseWeights
        .slice(p, p + baseCount)
        .map((w) => w * Math.exp(0.05 * holdingsRandom.normal()));
      return buildPeriod(holdingsRandom, period, months, netAssetsByMonth, navHistory, held, weights);
    }),
  };
}

/** The months whose figures N-PORTs report: two before the first period, then every period. */
function monthsCovered(periods: string[]): string[] {
  return [addMonths(periods[0], -2), addMonths(periods[0], -1), ...periods];
}

function buildSecurities(random: SeededRandom, style: FundStyle, periods: number): Security[] {
  const count = random.int(20, 45) + periods - 1;
  return Array.from({ length: count }, (_, i) => {
    const bond = style === 'bond' || (style === 'balanced' && i % 5 < 2);
    const issuerName = `${random.pick(COMPANY_WORDS)} ${random.pick(COMPANY_KINDS)} ${random.pick(['Inc', 'Corp', 'Co', 'plc'])}`;
    const ids = usSecurityIds(random);
    const ticker = random.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', random.int(3, 4));
    if (!bond) {
      return {
        kind: 'equity',
        issuerName,
        title: `${issuerName} Common Stock`,
        ...ids,
        issuerLei: lei(random),
        ticker,
        price: new Decimal(random.between(12, 480).toFixed(2)).toFixed(2),
      };
    }
    const coupon = new Decimal(random.int(100, 725)).div(100);
    const maturity = `${random.int(2027, 2045)}-${String(random.int(1, 12)).padStart(2, '0')}-15`;
    return {
      kind: 'bond',
      issuerName,
      title: `${issuerName} ${coupon.toFixed(3)}% ${maturity.slice(5, 7)}/15/${maturity.slice(0, 4)}`,
      ...ids,
      issuerLei: lei(random),
      ticker,
      price: new Decimal(random.between(88, 106).toFixed(3)).toFixed(3),
      coupon: coupon.toFixed(3),
      maturity,
      modifiedDuration: new Decimal(random.between(0.5, 12).toFixed(4)).toFixed(4),
    };
  });
}

/**
 * Daily NAV (4 decimals) and benchmark level (2 decimals): the fund follows its market with its own
 * noise. The walk is drawn, not computed from stated figures: it steps in whole ten-thousandths
 * (integers, exact) so each point is a decimal as a fund administrator would strike it.
 */
function buildNavHistory(random: SeededRandom, style: FundStyle, days: string[]): NavPoint[] {
  const volatility = { equity: 0.011, bond: 0.0028, balanced: 0.0065 }[style];
  const drift = { equity: 0.00035, bond: 0.00012, balanced: 0.00025 }[style];
  const beta = random.between(0.85, 1.1);
  let nav = random.int(100_000, 2_500_000); // 10.0000 .. 250.0000
  let benchmark = random.int(80_000, 400_000); // 800.00 .. 4000.00
  return days.map((date, day) => {
    if (day > 0) {
      const market = random.normal() * volatility;
      const own = random.normal() * volatility * 0.3;
      nav = Math.round(nav * (1 + drift + beta * market + own));
      benchmark = Math.round(benchmark * (1 + drift * 0.9 + market));
    }
    return { date, nav: fixedPoint(nav, 4), benchmark: fixedPoint(benchmark, 2) };
  });
}

/** An integer count of 10^-places units as a decimal string: 1234567, 4 → `123.4567`. */
function fixedPoint(units: number, places: number): string {
  const digits = String(units).padStart(places + 1, '0');
  return `${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

function navAt(history: readonly NavPoint[], date: string): Decimal {
  let found: NavPoint | undefined;
  for (const point of history) {
    if (point.date > date) break;
    found = point;
  }
  return new Decimal(found!.nav);
}

interface MonthFigures {
  netAssets: Decimal;
  returnPct: Decimal;
  flow: MonthlyFlow;
}

/** Net assets month by month: last month's, grown by the NAV return, plus sales and reinvestment, less redemptions. */
function buildNetAssets(
  random: SeededRandom,
  history: NavPoint[],
  months: string[],
): Map<string, MonthFigures> {
  let netAssets = new Decimal(random.between(50e6, 4e9).toFixed(2));
  const figures = new Map<string, MonthFigures>();
  for (const month of months) {
    const growth = navAt(history, lastBusinessDay(month)).div(
      navAt(history, lastBusinessDay(addMonths(month, -1))),
    );
    const share = (min: number, max: number) =>
      netAssets.times(random.between(min, max).toFixed(6)).toDecimalPlaces(2);
    const flow = { sales: share(0.004, 0.03), reinvestment: share(0, 0.002), redemption: share(0.004, 0.03) };
    netAssets = netAssets
      .times(growth)
      .plus(flow.sales)
      .plus(flow.reinvestment)
      .minus(flow.redemption)
      .toDecimalPlaces(2);
    figures.set(month, {
      netAssets,
      returnPct: growth.minus(1).times(100).toDecimalPlaces(2),
      flow: {
        sales: flow.sales.toFixed(2),
        reinvestment: flow.reinvestment.toFixed(2),
        redemption: flow.redemption.toFixed(2),
      },
    });
  }
  return figures;
}

function buildPeriod(
  random: SeededRandom,
  period: string,
  months: string[],
  byMonth: Map<string, MonthFigures>,
  history: NavPoint[],
  securities: Security[],
  rawWeights: number[],
): FundPeriod {
  const covered = months
    .slice(months.indexOf(period) - 2, months.indexOf(period) + 1)
    .map((m) => byMonth.get(m)!);
  const netAssets = covered[2].netAssets;
  // Holdings add up to net assets give or take a few tenths of a percent (cash, receivables, payables).
  const invested = netAssets.times(new Decimal(random.between(0.996, 1.003).toFixed(6))).toDecimalPlaces(2);
  const values = apportion(invested, rawWeights);
  const holdings = securities.map((security, i): PeriodHolding => {
    const value = values[i];
    const balance =
      security.kind === 'equity'
        ? value.div(security.price).toDecimalPlaces(0)
        : value.div(security.price).times(100).toDecimalPlaces(0);
    return {
      security,
      value: value.toFixed(2),
      pct: value.div(netAssets).times(100).toDecimalPlaces(10).toFixed(10),
      weight: value.div(netAssets).toDecimalPlaces(12).toFixed(),
      balance: balance.toFixed(0),
    };
  });
  const cash = netAssets.minus(invested);
  const valuationDate = lastBusinessDay(period);
  const navPerShare = navAt(history, valuationDate);
  const liabilities = netAssets
    .times(new Decimal(random.between(0.001, 0.008).toFixed(6)))
    .toDecimalPlaces(2);
  const bonds = holdings.filter((h) => h.security.kind === 'bond');
  const duration = bonds.reduce(
    (sum, h) => sum.plus(new Decimal(h.weight).times(h.security.modifiedDuration!)),
    new Decimal(0),
  );
  return {
    period,
    reportDate: monthEnd(period),
    valuationDate,
    netAssets: netAssets.toFixed(2),
    totalLiabilities: liabilities.toFixed(2),
    totalAssets: netAssets.plus(liabilities).toFixed(2),
    monthlyReturns: covered.map((m) => m.returnPct.toFixed(2)) as FundPeriod['monthlyReturns'],
    flows: covered.map((m) => m.flow) as FundPeriod['flows'],
    holdings,
    cash: cash.toFixed(2),
    cashWeight: cash.div(netAssets).toDecimalPlaces(12).toFixed(),
    navPerShare: navPerShare.toFixed(4),
    sharesOutstanding: netAssets.div(navPerShare).toDecimalPlaces(4).toFixed(4),
    modifiedDuration: duration.toDecimalPlaces(4).toFixed(),
    factsheetNetAssets: netAssets.toFixed(2),
    artefactTypes: [...SAMPLE_ARTEFACT_TYPES],
  };
}

/** Splits `total` (cents) in proportion to `weights`; the last share takes the rounding so the parts add up exactly. */
function apportion(total: Decimal, weights: number[]): Decimal[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => total.times(new Decimal((w / sum).toFixed(12))).toDecimalPlaces(2));
  const rest = parts.slice(0, -1).reduce((a, b) => a.plus(b), new Decimal(0));
  parts[parts.length - 1] = total.minus(rest);
  return parts;
}
