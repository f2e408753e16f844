import { fields, type FindatexTemplate } from './findatex-template';

/**
 * EMT V4 (European MiFID Template) fields that become claims, by their number in the official field
 * list (EMT_V4_3_20251217). One row is one financial instrument (share class). Costs are fractions
 * (0.0115 = 1.15 %); target-market answers are codes (Y, N, Neutral).
 */
const TARGET_MARKET = { asOfField: '01000' };
const EX_ANTE = { asOfField: '07160' };
const EX_POST = { asOfField: '08100' };

const EMT_V43_FIELDS = fields('row', [
  ['00001', 'document.template_version', 'code', 'text'],
  [
    '00010',
    'share_class.identifier',
    'code',
    'text',
    { expected: true, identifier: { typeField: '00020', isinMetric: 'share_class.isin' } },
  ],
  ['00030', 'share_class.name', 'text', 'text', { expected: true }],
  ['00040', 'share_class.currency', 'code', 'text', { expected: true }],
  ['00045', 'costs.mifid.has_performance_fee', 'code', 'text'],
  ['00060', 'share_class.product_type', 'code', 'text', { expected: true }],
  ['01000', 'target_market.reference_date', 'date', 'date', TARGET_MARKET],
  ['01010', 'target_market.investor_type.retail', 'code', 'text', { expected: true, ...TARGET_MARKET }],
  ['01020', 'target_market.investor_type.professional', 'code', 'text', { expected: true, ...TARGET_MARKET }],
  ['01030', 'target_market.investor_type.eligible_counterparty', 'code', 'text', TARGET_MARKET],
  ['02010', 'target_market.knowledge.basic', 'code', 'text', { expected: true, ...TARGET_MARKET }],
  ['02020', 'target_market.knowledge.informed', 'code', 'text', TARGET_MARKET],
  ['02030', 'target_market.knowledge.advanced', 'code', 'text', TARGET_MARKET],
  ['03010', 'target_market.loss.none', 'code', 'text', { expected: true, ...TARGET_MARKET }],
  ['03020', 'target_market.loss.limited', 'code', 'text', TARGET_MARKET],
  ['03030', 'target_market.loss.limited_level', 'decimal', 'ratio', TARGET_MARKET],
  ['03040', 'target_market.loss.no_capital_guarantee', 'code', 'text', TARGET_MARKET],
  ['03050', 'target_market.loss.beyond_capital', 'code', 'text', TARGET_MARKET],
  ['04010', 'target_market.risk_tolerance.priips', 'code', 'text', TARGET_MARKET],
  ['04020', 'target_market.risk_tolerance.ucits', 'code', 'text', TARGET_MARKET],
  ['05010', 'target_market.return_profile.preservation', 'code', 'text', TARGET_MARKET],
  ['05020', 'target_market.return_profile.growth', 'code', 'text', TARGET_MARKET],
  ['05030', 'target_market.return_profile.income', 'code', 'text', TARGET_MARKET],
  ['05080', 'target_market.minimum_holding_period', 'code', 'text', TARGET_MARKET],
  ['06010', 'target_market.distribution.execution_only', 'code', 'text', TARGET_MARKET],
  ['06020', 'target_market.distribution.appropriateness', 'code', 'text', TARGET_MARKET],
  ['06030', 'target_market.distribution.advice', 'code', 'text', TARGET_MARKET],
  ['06040', 'target_market.distribution.portfolio_management', 'code', 'text', TARGET_MARKET],
  ['07020', 'costs.mifid.entry_max', 'decimal', 'ratio', { expected: true, ...EX_ANTE }],
  ['07040', 'costs.mifid.entry_acquired', 'decimal', 'ratio', EX_ANTE],
  ['07050', 'costs.mifid.exit_max', 'decimal', 'ratio', { expected: true, ...EX_ANTE }],
  ['07070', 'costs.mifid.exit_acquired', 'decimal', 'ratio', EX_ANTE],
  ['07080', 'costs.mifid.exit_typical', 'decimal', 'ratio', EX_ANTE],
  ['07100', 'costs.mifid.ongoing', 'decimal', 'ratio', { expected: true, ...EX_ANTE }],
  ['07110', 'costs.mifid.management_fee', 'decimal', 'ratio', { expected: true, ...EX_ANTE }],
  ['07120', 'costs.mifid.distribution_fee', 'decimal', 'ratio', EX_ANTE],
  ['07130', 'costs.mifid.transaction', 'decimal', 'ratio', { expected: true, ...EX_ANTE }],
  ['07140', 'costs.mifid.incidental', 'decimal', 'ratio', EX_ANTE],
  ['07160', 'costs.mifid.ex_ante_reference_date', 'date', 'date', EX_ANTE],
  ['08025', 'costs.mifid.ex_post.entry_acquired', 'decimal', 'ratio', EX_POST],
  ['08030', 'costs.mifid.ex_post.ongoing', 'decimal', 'ratio', EX_POST],
  ['08050', 'costs.mifid.ex_post.management_fee', 'decimal', 'ratio', EX_POST],
  ['08060', 'costs.mifid.ex_post.distribution_fee', 'decimal', 'ratio', EX_POST],
  ['08070', 'costs.mifid.ex_post.transaction', 'decimal', 'ratio', EX_POST],
  ['08080', 'costs.mifid.ex_post.incidental', 'decimal', 'ratio', EX_POST],
  ['08090', 'costs.mifid.ex_post.period_start', 'date', 'date', EX_POST],
  ['08100', 'costs.mifid.ex_post.period_end', 'date', 'date', EX_POST],
]);

/** Files of any V4 minor version are read with the newest official list (V4.3); the file's own version is claimed. */
export const EMT_TEMPLATES: readonly FindatexTemplate[] = [
  { name: 'EMT', version: 'V4.3', fields: EMT_V43_FIELDS, required: ['00001', '00010'] },
];

/** Field numbers the EMT uses for its own bookkeeping. */
export const EMT = {
  version: '00001',
  instrumentId: '00010',
  generalReferenceDate: '00050',
} as const;
