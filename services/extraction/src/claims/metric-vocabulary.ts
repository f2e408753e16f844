import { FaiError } from '@fai/contracts';

/**
 * The one controlled vocabulary of metric keys a claim may carry. Keys are dotted lower_snake and
 * never renamed (claims, fields and deltas are keyed by them). Each key names its openfunds OF-ID
 * where openfunds has the same concept (openfunds field list v2.14); a note says where the unit or
 * scope differs, so a mapping to openfunds never silently changes a value's meaning.
 *
 * The file is split into one section per source family. Sections register their keys through
 * `defineMetrics`, which refuses a key defined twice: a concept shared by several families lives
 * in the shared section and every extractor uses that one key.
 */

export type MetricLevel = 'filing' | 'fund' | 'share_class' | 'holding';
export type MetricValueType = 'decimal' | 'date' | 'text' | 'code';

export interface MetricDefinition {
  key: string;
  section: string;
  label: string;
  level: MetricLevel;
  valueType: MetricValueType;
  openfundsId?: string;
  note?: string;
}

type MetricSpec = Omit<MetricDefinition, 'key' | 'section'>;

const registry = new Map<string, MetricDefinition>();

function defineMetrics<K extends string>(
  section: string,
  specs: Record<K, MetricSpec>,
): Record<K, MetricDefinition> {
  const defined = {} as Record<K, MetricDefinition>;
  for (const key of Object.keys(specs) as K[]) {
    const existing = registry.get(key);
    if (existing) {
      throw new FaiError({
        code: 'METRIC_KEY_DUPLICATE',
        message: `Metric key ${key} is defined in section ${existing.section} and again in ${section}.`,
        hint: 'Define a concept once: move a key several families use to the shared section.',
      });
    }
    const definition: MetricDefinition = { key, section, ...specs[key] };
    registry.set(key, definition);
    defined[key] = definition;
  }
  return defined;
}

export function metricDefinition(key: string): MetricDefinition | undefined {
  return registry.get(key);
}

export function isKnownMetric(key: string): boolean {
  return registry.has(key);
}

export function allMetrics(): MetricDefinition[] {
  return [...registry.values()];
}

// ───────────────────────────── Shared: fund identity, size and prices ─────────────────────────────

export const SHARED_METRICS = defineMetrics('shared', {
  'fund.name': {
    label: 'Fund (series) name',
    level: 'fund',
    valueType: 'text',
    openfundsId: 'OFST010110',
  },
  'fund.lei': { label: 'LEI of the fund', level: 'fund', valueType: 'code', openfundsId: 'OFST010030' },
  'fund.fiscal_year_end': {
    label: 'Fiscal year end',
    level: 'fund',
    valueType: 'date',
    openfundsId: 'OFST010440',
  },
  'fund.total_assets': { label: 'Total assets', level: 'fund', valueType: 'decimal' },
  'fund.total_liabilities': { label: 'Total liabilities', level: 'fund', valueType: 'decimal' },
  'fund.net_assets': {
    label: 'Net assets of the fund',
    level: 'fund',
    valueType: 'decimal',
    openfundsId: 'OFDY000060',
    note: 'openfunds "AuM Fund": the sum of all share classes, in the unit the claim states',
  },
  'nav.per_share': {
    label: 'Net asset value per share',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFDY000035',
    note: 'openfunds "Valuation NAV"; a price series (close) is claimed under this key with the as-of date of each point',
  },
});

export type SharedMetricKey = keyof typeof SHARED_METRICS;

// ───────────────────────────── SEC Form N-PORT (nport-xml) ─────────────────────────────

export const NPORT_METRICS = defineMetrics('nport', {
  'filing.submission_type': {
    label: 'Submission type (NPORT-P, NPORT-P/A, ...)',
    level: 'filing',
    valueType: 'code',
  },
  'filing.report_date': {
    label: 'Date as of which the filing reports (N-PORT repPdDate)',
    level: 'filing',
    valueType: 'date',
    openfundsId: 'OFPH000010',
    note: 'openfunds "Holding as at Date": the holdings in an N-PORT are as of this date',
  },
  'filing.final_filing': {
    label: 'Final filing of the series (Y/N)',
    level: 'filing',
    valueType: 'code',
  },
  'fund.series_id': { label: 'SEC series identifier', level: 'fund', valueType: 'code' },
  'fund.registrant_name': {
    label: 'Registrant (trust) name',
    level: 'fund',
    valueType: 'text',
    openfundsId: 'OFST005010',
    note: 'openfunds "Umbrella": the registrant is the umbrella of its series',
  },
  'fund.registrant_lei': {
    label: 'Registrant LEI',
    level: 'fund',
    valueType: 'code',
    openfundsId: 'OFST010035',
    note: 'openfunds "LEI Of Umbrella"',
  },
  'fund.registrant_cik': { label: 'Registrant SEC CIK', level: 'fund', valueType: 'code' },
  'share_class.monthly_return': {
    label: 'Monthly total return of the share class',
    level: 'share_class',
    valueType: 'decimal',
    note: 'percent for the calendar month that ends on the as-of date',
  },
  'fund.flow.sales': {
    label: 'Monthly sales (subscriptions), incl. exchanges in',
    level: 'fund',
    valueType: 'decimal',
  },
  'fund.flow.reinvestment': {
    label: 'Monthly reinvestment of distributions',
    level: 'fund',
    valueType: 'decimal',
  },
  'fund.flow.redemption': {
    label: 'Monthly redemptions, incl. exchanges out',
    level: 'fund',
    valueType: 'decimal',
    note: 'sign as filed: some filers report redemptions as negative amounts',
  },
  'holding.issuer_name': {
    label: 'Issuer name',
    level: 'holding',
    valueType: 'text',
    openfundsId: 'OFPH000700',
  },
  'holding.title': {
    label: 'Title of the issue (security name)',
    level: 'holding',
    valueType: 'text',
    openfundsId: 'OFPH000200',
  },
  'holding.issuer_lei': {
    label: 'Issuer LEI',
    level: 'holding',
    valueType: 'code',
    openfundsId: 'OFPH000710',
  },
  'holding.cusip': { label: 'CUSIP', level: 'holding', valueType: 'code', openfundsId: 'OFPH000145' },
  'holding.isin': { label: 'ISIN', level: 'holding', valueType: 'code', openfundsId: 'OFPH000100' },
  'holding.ticker': { label: 'Ticker', level: 'holding', valueType: 'code', openfundsId: 'OFPH000130' },
  'holding.balance': {
    label: 'Balance (shares, principal amount or contracts)',
    level: 'holding',
    valueType: 'decimal',
    note: 'principal amounts (OFPH000470 Nominal Amount) carry the holding currency as unit, share and contract counts carry "count"',
  },
  'holding.balance_units': {
    label: 'Units of the balance (NS, PA, NC, OU)',
    level: 'holding',
    valueType: 'code',
  },
  'holding.currency': {
    label: 'Currency of the holding',
    level: 'holding',
    valueType: 'code',
    openfundsId: 'OFPH000400',
  },
  'holding.value': {
    label: 'Value of the holding',
    level: 'holding',
    valueType: 'decimal',
    openfundsId: 'OFPH000250',
    note: 'N-PORT states it in USD, the portfolio currency of an N-PORT filer',
  },
  'holding.pct_net_assets': {
    label: 'Value as a percentage of net assets',
    level: 'holding',
    valueType: 'decimal',
    openfundsId: 'OFPH000300',
    note: 'claims carry percent (1 = 1 %); openfunds expresses the same weight as a fraction (100 % = 1)',
  },
  'holding.asset_category': { label: 'Asset category (N-PORT code)', level: 'holding', valueType: 'code' },
  'holding.issuer_category': { label: 'Issuer category (N-PORT code)', level: 'holding', valueType: 'code' },
  'holding.country': {
    label: 'Country of investment or issuer',
    level: 'holding',
    valueType: 'code',
    openfundsId: 'OFPH000420',
  },
  'holding.maturity_date': {
    label: 'Maturity date',
    level: 'holding',
    valueType: 'date',
    openfundsId: 'OFPH000480',
  },
  'holding.coupon_kind': {
    label: 'Coupon kind (Fixed, Floating, Variable, None)',
    level: 'holding',
    valueType: 'code',
    openfundsId: 'OFPH000600',
  },
  'holding.coupon_rate': {
    label: 'Annualised coupon rate',
    level: 'holding',
    valueType: 'decimal',
    openfundsId: 'OFPH000460',
    note: 'claims carry percent (8.375 = 8.375 %); openfunds expresses the rate as a decimal fraction',
  },
  'holding.derivative_category': {
    label: 'Derivative category (FWD, FUT, SWP, OPT, SWO, WAR, OTH)',
    level: 'holding',
    valueType: 'code',
  },
});

export type NportMetricKey = SharedMetricKey | keyof typeof NPORT_METRICS;

// ───────────────────────────── FinDatEx templates and PDF documents (findatex-*, pdf-*) ─────────────────────────────
// Owned by the FinDatEx/PDF extractors; keep this section last. Values keep the unit the source states:
// FinDatEx costs, returns and weights are fractions (unit `ratio`, 0.0025 = 0.25 %), KIIDs and factsheets print
// percentages (unit `percent`); the claim's unit says which.

export const DOCUMENT_METRICS = defineMetrics('findatex-pdf', {
  'document.template_version': {
    label: 'Template version the file states (TPT 1000, EPT 00001, EMT 00001)',
    level: 'filing',
    valueType: 'code',
    openfundsId: 'OFEM000010',
    note: 'openfunds names the EMT version; the EPT version is OFEP000010',
  },
  'document.production_date': {
    label: 'Date the file was produced (TPT 7 reporting date)',
    level: 'filing',
    valueType: 'date',
  },
  'document.publication_date': {
    label: 'Publication date of the PRIIPs KID the data belongs to (EPT 00070)',
    level: 'filing',
    valueType: 'date',
    openfundsId: 'OFEP000700',
  },
  'document.as_of_date': {
    label: 'Date the document says its information is accurate as at (KIID, factsheet)',
    level: 'filing',
    valueType: 'date',
  },
  'share_class.isin': {
    label: 'ISIN of the share class',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFST020000',
  },
  'share_class.identifier': {
    label: 'Identifier of the share class or portfolio when it is not an ISIN',
    level: 'share_class',
    valueType: 'code',
  },
  'share_class.name': {
    label: 'Full name of the share class (or portfolio)',
    level: 'share_class',
    valueType: 'text',
    openfundsId: 'OFST020060',
  },
  'share_class.currency': {
    label: 'Currency of the share class (or portfolio)',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFST020540',
  },
  'share_class.net_assets': {
    label: 'Net asset value of the share class',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFDY000070',
    note: 'TPT field 5 states the NAV of the portfolio or of the share class that field 1 identifies',
  },
  'share_class.shares_outstanding': {
    label: 'Number of shares outstanding',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFDY000075',
  },
  'share_class.recommended_holding_period': {
    label: 'PRIIPs recommended holding period',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEP011200',
  },
  'share_class.product_type': {
    label: 'MiFID product type (EMT 00060: U, N, S, SF, ...)',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEM000600',
  },
  'fund.average_net_assets': {
    label: 'Average net assets over the period the document states (e.g. monthly AAUM)',
    level: 'fund',
    valueType: 'decimal',
  },
  'fund.cash_ratio': {
    label: 'Cash as a share of net assets (TPT 9)',
    level: 'fund',
    valueType: 'decimal',
    openfundsId: 'OFRE000200',
  },
  'fund.modified_duration': {
    label: 'Portfolio modified duration (TPT 10)',
    level: 'fund',
    valueType: 'decimal',
  },
  'fund.portfolio_turnover': {
    label: 'Portfolio turnover ratio',
    level: 'fund',
    valueType: 'decimal',
    openfundsId: 'OFST900023',
  },
  'holding.cic': {
    label: 'CIC code of the instrument',
    level: 'holding',
    valueType: 'code',
    openfundsId: 'OFPH000215',
  },
  'holding.instrument_id': {
    label: 'Identifier of the instrument when it is not an ISIN',
    level: 'holding',
    valueType: 'code',
  },
  'holding.instrument_id_type': {
    label: 'Type of the instrument identifier (TPT 15: 1 ISIN, 2 CUSIP, ..., 99 internal)',
    level: 'holding',
    valueType: 'code',
  },
  'holding.modified_duration': {
    label: 'Modified duration of the holding',
    level: 'holding',
    valueType: 'decimal',
    openfundsId: 'OFPH000465',
  },
  'risk.sri': {
    label: 'PRIIPs summary risk indicator (1-7)',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEP010900',
  },
  'risk.srri': {
    label: 'UCITS synthetic risk and reward indicator (1-7)',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFST024000',
  },
  'risk.priips.mrm': {
    label: 'PRIIPs market risk measure',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEP011000',
  },
  'risk.priips.crm': {
    label: 'PRIIPs credit risk measure',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEP011100',
  },
  'risk.priips.liquidity_risk': {
    label: 'PRIIPs liquidity risk (M, I, L)',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEP011400',
  },
  'risk.priips.category': {
    label: 'PRIIPs category (1-4)',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEP000800',
  },
  'risk.standard_deviation': {
    label: 'Standard deviation of returns',
    level: 'share_class',
    valueType: 'decimal',
  },
  'risk.beta': { label: 'Beta against the benchmark', level: 'share_class', valueType: 'decimal' },
  'risk.sharpe_ratio': { label: 'Sharpe ratio', level: 'share_class', valueType: 'decimal' },
  'scenario.stress.return_1y': {
    label: 'Stress scenario return after 1 year',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEP021000',
  },
  'scenario.stress.return_half_rhp': {
    label: 'Stress scenario return at half the RHP',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEP021100',
  },
  'scenario.stress.return_rhp': {
    label: 'Stress scenario return at the RHP',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEP021200',
  },
  'scenario.unfavourable.return_1y': {
    label: 'Unfavourable scenario return after 1 year',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEP020100',
  },
  'scenario.unfavourable.return_half_rhp': {
    label: 'Unfavourable scenario return at half the RHP',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEP020200',
  },
  'scenario.unfavourable.return_rhp': {
    label: 'Unfavourable scenario return at the RHP',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEP020300',
  },
  'scenario.moderate.return_1y': {
    label: 'Moderate scenario return after 1 year',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEP020400',
  },
  'scenario.moderate.return_half_rhp': {
    label: 'Moderate scenario return at half the RHP',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEP020500',
  },
  'scenario.moderate.return_rhp': {
    label: 'Moderate scenario return at the RHP',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEP020600',
  },
  'scenario.favourable.return_1y': {
    label: 'Favourable scenario return after 1 year',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEP020700',
  },
  'scenario.favourable.return_half_rhp': {
    label: 'Favourable scenario return at half the RHP',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEP020800',
  },
  'scenario.favourable.return_rhp': {
    label: 'Favourable scenario return at the RHP',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEP020900',
  },
  'costs.ongoing_charges': {
    label: 'UCITS ongoing charges figure',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFST452200',
    note: 'KIIDs print percent, EPT 08180 states a fraction; the claim unit says which',
  },
  'costs.entry_charge_max': {
    label: 'Maximum entry charge (KIID)',
    level: 'share_class',
    valueType: 'decimal',
  },
  'costs.exit_charge_max': {
    label: 'Maximum exit charge (KIID)',
    level: 'share_class',
    valueType: 'decimal',
  },
  'costs.priips.entry': {
    label: 'PRIIPs one-off entry cost',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEP030100',
  },
  'costs.priips.entry_acquired': {
    label: 'PRIIPs entry cost acquired by the fund',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEP030150',
  },
  'costs.priips.exit_rhp': {
    label: 'PRIIPs one-off exit cost at the RHP',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEP030200',
  },
  'costs.priips.exit_1y': {
    label: 'PRIIPs one-off exit cost after 1 year',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEP030300',
  },
  'costs.priips.exit_half_rhp': {
    label: 'PRIIPs one-off exit cost at half the RHP',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEP030400',
  },
  'costs.priips.management_and_operating': {
    label: 'PRIIPs ongoing management fees and other administrative or operating costs',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEP030600',
  },
  'costs.priips.transaction': {
    label: 'PRIIPs portfolio transaction costs',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEP030800',
  },
  'costs.priips.incidental': {
    label: 'PRIIPs incidental costs (performance fees, carried interest)',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEP030950',
  },
  'costs.mifid.has_performance_fee': {
    label: 'Instrument may charge performance fees (Y/N)',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEM000450',
  },
  'costs.mifid.entry_max': {
    label: 'MiFID gross maximum one-off entry cost',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEM070200',
  },
  'costs.mifid.entry_acquired': {
    label: 'MiFID maximum entry cost acquired by the fund',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEM070400',
  },
  'costs.mifid.exit_max': {
    label: 'MiFID maximum one-off exit cost',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEM070500',
  },
  'costs.mifid.exit_acquired': {
    label: 'MiFID maximum exit cost acquired by the fund',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEM070700',
  },
  'costs.mifid.exit_typical': {
    label: 'MiFID typical one-off exit cost',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEM070800',
  },
  'costs.mifid.ongoing': {
    label: 'MiFID ex-ante ongoing costs',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEM071000',
  },
  'costs.mifid.management_fee': {
    label: 'MiFID ex-ante management fee',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEM071100',
  },
  'costs.mifid.distribution_fee': {
    label: 'MiFID ex-ante distribution fee',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEM071200',
  },
  'costs.mifid.transaction': {
    label: 'MiFID ex-ante transaction costs',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEM071300',
  },
  'costs.mifid.incidental': {
    label: 'MiFID ex-ante incidental costs',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEM071400',
  },
  'costs.mifid.ex_ante_reference_date': {
    label: 'Reference date of the ex-ante costs',
    level: 'share_class',
    valueType: 'date',
    openfundsId: 'OFEM071600',
  },
  'costs.mifid.ex_post.entry_acquired': {
    label: 'MiFID ex-post entry cost acquired by the fund',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEM080250',
  },
  'costs.mifid.ex_post.ongoing': {
    label: 'MiFID ex-post ongoing costs',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEM080300',
  },
  'costs.mifid.ex_post.management_fee': {
    label: 'MiFID ex-post management fee',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEM080500',
  },
  'costs.mifid.ex_post.distribution_fee': {
    label: 'MiFID ex-post distribution fees',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEM080600',
  },
  'costs.mifid.ex_post.transaction': {
    label: 'MiFID ex-post transaction costs',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEM080700',
  },
  'costs.mifid.ex_post.incidental': {
    label: 'MiFID ex-post incidental costs',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEM080800',
  },
  'costs.mifid.ex_post.period_start': {
    label: 'Start of the ex-post cost reference period',
    level: 'share_class',
    valueType: 'date',
    openfundsId: 'OFEM080900',
  },
  'costs.mifid.ex_post.period_end': {
    label: 'End of the ex-post cost reference period',
    level: 'share_class',
    valueType: 'date',
    openfundsId: 'OFEM081000',
  },
  'target_market.reference_date': {
    label: 'Reference date of the target market',
    level: 'share_class',
    valueType: 'date',
    openfundsId: 'OFEM010000',
  },
  'target_market.investor_type.retail': {
    label: 'Target market: retail clients (Y/N/Neutral)',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEM010100',
  },
  'target_market.investor_type.professional': {
    label: 'Target market: professional clients',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEM010200',
  },
  'target_market.investor_type.eligible_counterparty': {
    label: 'Target market: eligible counterparties',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEM010300',
  },
  'target_market.knowledge.basic': {
    label: 'Target market: basic investor',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEM020100',
  },
  'target_market.knowledge.informed': {
    label: 'Target market: informed investor',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEM020200',
  },
  'target_market.knowledge.advanced': {
    label: 'Target market: advanced investor',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEM020300',
  },
  'target_market.loss.none': {
    label: 'Compatible with clients who cannot bear capital loss',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEM030100',
  },
  'target_market.loss.limited': {
    label: 'Compatible with clients who can bear limited capital loss',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEM030200',
  },
  'target_market.loss.limited_level': {
    label: 'Limited capital loss level',
    level: 'share_class',
    valueType: 'decimal',
    openfundsId: 'OFEM030300',
  },
  'target_market.loss.no_capital_guarantee': {
    label: 'Compatible with clients who do not need a capital guarantee',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEM030400',
  },
  'target_market.loss.beyond_capital': {
    label: 'Compatible with clients who can bear loss beyond capital',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEM030500',
  },
  'target_market.risk_tolerance.priips': {
    label: 'Risk tolerance, PRIIPs methodology (1-7)',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEM040100',
  },
  'target_market.risk_tolerance.ucits': {
    label: 'Risk tolerance, UCITS methodology (1-7)',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEM040200',
  },
  'target_market.return_profile.preservation': {
    label: 'Return profile: preservation',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEM050100',
  },
  'target_market.return_profile.growth': {
    label: 'Return profile: capital growth',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEM050200',
  },
  'target_market.return_profile.income': {
    label: 'Return profile: income',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEM050300',
  },
  'target_market.minimum_holding_period': {
    label: 'Minimum recommended holding period (years, or V/S/M/L/H)',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEM050800',
  },
  'target_market.distribution.execution_only': {
    label: 'Distribution: execution only',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEM060100',
  },
  'target_market.distribution.appropriateness': {
    label: 'Distribution: with appropriateness test',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEM060200',
  },
  'target_market.distribution.advice': {
    label: 'Distribution: investment advice',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEM060300',
  },
  'target_market.distribution.portfolio_management': {
    label: 'Distribution: portfolio management',
    level: 'share_class',
    valueType: 'code',
    openfundsId: 'OFEM060400',
  },
  'performance.calendar_year_return': {
    label: 'Share class return over a calendar year (subject: the year)',
    level: 'share_class',
    valueType: 'decimal',
  },
  'benchmark.name': {
    label: 'Benchmark the fund is measured against, as its documents name it',
    level: 'fund',
    valueType: 'text',
  },
  'benchmark.level': {
    label: 'Benchmark index level (subject: the date), as the fund states it beside its NAV',
    level: 'share_class',
    valueType: 'decimal',
  },
  'benchmark.calendar_year_return': {
    label: 'Benchmark or comparator return over a calendar year (subject: the year)',
    level: 'share_class',
    valueType: 'decimal',
  },
});

export type DocumentMetricKey = SharedMetricKey | NportMetricKey | keyof typeof DOCUMENT_METRICS;
