import { fields, type FindatexTemplate } from './findatex-template';

/**
 * TPT (Solvency II Tripartite Template) fields that become claims, by their number in the official
 * field lists (TPT_V6_20220314_final, TPT_V7_20241125_updated). Portfolio fields repeat on every row
 * of a file and are claimed once; position fields are claimed per row.
 */
const PORTFOLIO_CURRENCY = { currencyField: '4' };

const TPT_V6_FIELDS = [
  ...fields('portfolio', [
    [
      '1',
      'share_class.identifier',
      'code',
      'text',
      { expected: true, identifier: { typeField: '2', isinMetric: 'share_class.isin' } },
    ],
    ['3', 'share_class.name', 'text', 'text', { expected: true }],
    ['4', 'share_class.currency', 'code', 'text', { expected: true }],
    ['5', 'share_class.net_assets', 'decimal', PORTFOLIO_CURRENCY, { expected: true }],
    ['6', 'filing.report_date', 'date', 'date', { expected: true }],
    ['7', 'document.production_date', 'date', 'date', { expected: true }],
    ['8', 'nav.per_share', 'decimal', PORTFOLIO_CURRENCY, { expected: true }],
    ['8b', 'share_class.shares_outstanding', 'decimal', 'count'],
    ['9', 'fund.cash_ratio', 'decimal', 'ratio', { expected: true }],
    ['10', 'fund.modified_duration', 'decimal', 'years'],
    ['1000', 'document.template_version', 'text', 'text'],
  ]),
  ...fields('position', [
    ['12', 'holding.cic', 'code', 'text', { expected: true }],
    [
      '14',
      'holding.instrument_id',
      'code',
      'text',
      { expected: true, identifier: { typeField: '15', isinMetric: 'holding.isin' } },
    ],
    ['15', 'holding.instrument_id_type', 'code', 'text'],
    ['17', 'holding.title', 'text', 'text'],
    ['18', 'holding.balance', 'decimal', 'count'],
    ['19', 'holding.balance', 'decimal', { currencyField: '21' }],
    ['21', 'holding.currency', 'code', 'text'],
    ['24', 'holding.value', 'decimal', PORTFOLIO_CURRENCY, { expected: true }],
    ['26', 'holding.pct_net_assets', 'decimal', 'ratio', { expected: true }],
    ['33', 'holding.coupon_rate', 'decimal', 'percent'],
    ['39', 'holding.maturity_date', 'date', 'date'],
    ['46', 'holding.issuer_name', 'text', 'text'],
    ['52', 'holding.country', 'code', 'text'],
    ['90', 'holding.modified_duration', 'decimal', 'years'],
  ]),
];

const REQUIRED = ['1', '4', '5', '6', '12', '24', '26'];

/** V7 adds fields 140-148 and changes none of the numbers claimed here. */
export const TPT_TEMPLATES: readonly FindatexTemplate[] = [
  { name: 'TPT', version: 'V6', fields: TPT_V6_FIELDS, required: REQUIRED },
  { name: 'TPT', version: 'V7', fields: TPT_V6_FIELDS, required: REQUIRED },
];

/** Field numbers the TPT uses for its own bookkeeping. */
export const TPT = {
  portfolioId: '1',
  currency: '4',
  nav: '5',
  valuationDate: '6',
  instrumentId: '14',
  instrumentName: '17',
  marketValue: '24',
  weight: '26',
  version: '1000',
  /** First field number that exists only from V7 on. */
  firstV7Field: 140,
} as const;
