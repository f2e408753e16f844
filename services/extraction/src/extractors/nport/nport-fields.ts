import type { NportMetricKey } from '../../claims/metric-vocabulary';
import type { NportValueKind } from './nport-values';

/**
 * Which N-PORT elements and attributes become claims. Paths are local names from the root
 * (namespace-free), so the table reads like the filing. Units: `USD` for amounts (N-PORT states
 * fund and holding amounts in USD), `balance` is decided per holding from its units code.
 */
export type NportUnit = 'USD' | 'percent' | 'date' | 'text' | 'balance';
export type NportScope = 'filing' | 'holding';

export interface FieldRule {
  metric: NportMetricKey;
  kind: NportValueKind;
  unit: NportUnit;
  scope: NportScope;
}

const text = (metric: NportMetricKey, scope: NportScope = 'filing'): FieldRule => ({
  metric,
  kind: 'text',
  unit: 'text',
  scope,
});
const usd = (metric: NportMetricKey, scope: NportScope = 'filing'): FieldRule => ({
  metric,
  kind: 'decimal',
  unit: 'USD',
  scope,
});
const date = (metric: NportMetricKey, scope: NportScope = 'filing'): FieldRule => ({
  metric,
  kind: 'date',
  unit: 'date',
  scope,
});

export const ROOT = 'edgarSubmission';
export const NPORT_NAMESPACE = 'http://www.sec.gov/edgar/nport';
const GEN_INFO = `${ROOT}/formData/genInfo`;
const FUND_INFO = `${ROOT}/formData/fundInfo`;
export const HOLDING = `${ROOT}/formData/invstOrSecs/invstOrSec`;
export const MONTHLY_RETURN = `${FUND_INFO}/returnInfo/monthlyTotReturns/monthlyTotReturn`;
export const DERIVATIVE_INFO = `${HOLDING}/derivativeInfo`;
export const SUBMISSION_TYPE = `${ROOT}/headerData/submissionType`;
export const REPORT_DATE = `${GEN_INFO}/repPdDate`;

/** Fund-level elements read from their text; each is expected once per filing. */
export const FILING_ELEMENTS: ReadonlyMap<string, FieldRule> = new Map([
  [SUBMISSION_TYPE, text('filing.submission_type')],
  [`${GEN_INFO}/regName`, text('fund.registrant_name')],
  [`${GEN_INFO}/regCik`, text('fund.registrant_cik')],
  [`${GEN_INFO}/regLei`, text('fund.registrant_lei')],
  [`${GEN_INFO}/seriesName`, text('fund.name')],
  [`${GEN_INFO}/seriesId`, text('fund.series_id')],
  [`${GEN_INFO}/seriesLei`, text('fund.lei')],
  [`${GEN_INFO}/repPdEnd`, date('fund.fiscal_year_end')],
  [REPORT_DATE, date('filing.report_date')],
  [`${GEN_INFO}/isFinalFiling`, text('filing.final_filing')],
  [`${FUND_INFO}/totAssets`, usd('fund.total_assets')],
  [`${FUND_INFO}/totLiabs`, usd('fund.total_liabilities')],
  [`${FUND_INFO}/netAssets`, usd('fund.net_assets')],
]);

/** Holding elements read from their text. */
export const HOLDING_ELEMENTS: ReadonlyMap<string, FieldRule> = new Map([
  [`${HOLDING}/name`, text('holding.issuer_name', 'holding')],
  [`${HOLDING}/title`, text('holding.title', 'holding')],
  [`${HOLDING}/lei`, text('holding.issuer_lei', 'holding')],
  [`${HOLDING}/cusip`, text('holding.cusip', 'holding')],
  [`${HOLDING}/balance`, { metric: 'holding.balance', kind: 'decimal', unit: 'balance', scope: 'holding' }],
  [`${HOLDING}/units`, text('holding.balance_units', 'holding')],
  [`${HOLDING}/curCd`, text('holding.currency', 'holding')],
  [`${HOLDING}/valUSD`, usd('holding.value', 'holding')],
  [
    `${HOLDING}/pctVal`,
    { metric: 'holding.pct_net_assets', kind: 'decimal', unit: 'percent', scope: 'holding' },
  ],
  [`${HOLDING}/assetCat`, text('holding.asset_category', 'holding')],
  [`${HOLDING}/issuerCat`, text('holding.issuer_category', 'holding')],
  [`${HOLDING}/invCountry`, text('holding.country', 'holding')],
  [`${HOLDING}/debtSec/maturityDt`, date('holding.maturity_date', 'holding')],
  [`${HOLDING}/debtSec/couponKind`, text('holding.coupon_kind', 'holding')],
  [
    `${HOLDING}/debtSec/annualizedRt`,
    { metric: 'holding.coupon_rate', kind: 'decimal', unit: 'percent', scope: 'holding' },
  ],
]);

/** Holding values N-PORT states as attributes (identifiers and the "other, describe" variants). */
export const HOLDING_ATTRIBUTES: ReadonlyMap<string, ReadonlyArray<[string, FieldRule]>> = new Map([
  [`${HOLDING}/identifiers/isin`, [['value', text('holding.isin', 'holding')]]],
  [`${HOLDING}/identifiers/ticker`, [['value', text('holding.ticker', 'holding')]]],
  [`${HOLDING}/currencyConditional`, [['curCd', text('holding.currency', 'holding')]]],
  [`${HOLDING}/assetConditional`, [['assetCat', text('holding.asset_category', 'holding')]]],
  [`${HOLDING}/issuerConditional`, [['issuerCat', text('holding.issuer_category', 'holding')]]],
]);

/** Every `<xDeriv derivCat="...">` directly under derivativeInfo names the holding's derivative category. */
export const DERIVATIVE_CATEGORY: FieldRule = text('holding.derivative_category', 'holding');

export const MONTHLY_RETURN_RULE: FieldRule = {
  metric: 'share_class.monthly_return',
  kind: 'decimal',
  unit: 'percent',
  scope: 'filing',
};

/** `<mon1Flow sales=".." reinvestment=".." redemption=".."/>` .. `<mon3Flow .../>`. */
export const MONTHLY_FLOWS: ReadonlyMap<string, 1 | 2 | 3> = new Map([
  [`${FUND_INFO}/mon1Flow`, 1],
  [`${FUND_INFO}/mon2Flow`, 2],
  [`${FUND_INFO}/mon3Flow`, 3],
]);

export const FLOW_ATTRIBUTES: ReadonlyArray<[string, FieldRule]> = [
  ['sales', usd('fund.flow.sales')],
  ['reinvestment', usd('fund.flow.reinvestment')],
  ['redemption', usd('fund.flow.redemption')],
];

/**
 * Elements the schema lets repeat among their siblings: their locator steps always carry a
 * position, so `invstOrSec[1]` never silently means "every invstOrSec".
 */
export const REPEATABLE_ELEMENTS: ReadonlySet<string> = new Set([
  'invstOrSec',
  'monthlyTotReturn',
  'isin',
  'ticker',
  'other',
]);

/** What coverage expects from every N-PORT: the general and fund-level metrics. */
export const EXPECTED_METRICS: readonly NportMetricKey[] = [
  'fund.series_id',
  'fund.name',
  'fund.registrant_name',
  'fund.lei',
  'fund.fiscal_year_end',
  'filing.report_date',
  'filing.final_filing',
  'fund.total_assets',
  'fund.total_liabilities',
  'fund.net_assets',
  'share_class.monthly_return',
  'fund.flow.sales',
  'fund.flow.reinvestment',
  'fund.flow.redemption',
];
