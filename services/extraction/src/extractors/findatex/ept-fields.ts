import { fields, type FindatexTemplate } from './findatex-template';

/**
 * EPT V2.1 (European PRIIPs Template) fields that become claims, by their number in the official
 * field list (EPT_V2.1_Final). One row is one share class (or portfolio). Returns and costs are
 * fractions (0.0025 = 0.25 %).
 */
const EPT_V21_FIELDS = fields('row', [
  ['00001', 'document.template_version', 'code', 'text'],
  [
    '00030',
    'share_class.identifier',
    'code',
    'text',
    { expected: true, identifier: { typeField: '00040', isinMetric: 'share_class.isin' } },
  ],
  ['00050', 'share_class.name', 'text', 'text', { expected: true }],
  ['00060', 'share_class.currency', 'code', 'text', { expected: true }],
  ['00070', 'document.publication_date', 'date', 'date', { expected: true }],
  ['00080', 'risk.priips.category', 'code', 'text'],
  ['01090', 'risk.sri', 'code', 'text', { expected: true }],
  ['01100', 'risk.priips.mrm', 'code', 'text', { expected: true }],
  ['01110', 'risk.priips.crm', 'code', 'text', { expected: true }],
  ['01120', 'share_class.recommended_holding_period', 'decimal', 'years', { expected: true }],
  ['01140', 'risk.priips.liquidity_risk', 'code', 'text'],
  ['02010', 'scenario.unfavourable.return_1y', 'decimal', 'ratio', { expected: true }],
  ['02020', 'scenario.unfavourable.return_half_rhp', 'decimal', 'ratio'],
  ['02030', 'scenario.unfavourable.return_rhp', 'decimal', 'ratio', { expected: true }],
  ['02040', 'scenario.moderate.return_1y', 'decimal', 'ratio', { expected: true }],
  ['02050', 'scenario.moderate.return_half_rhp', 'decimal', 'ratio'],
  ['02060', 'scenario.moderate.return_rhp', 'decimal', 'ratio', { expected: true }],
  ['02070', 'scenario.favourable.return_1y', 'decimal', 'ratio', { expected: true }],
  ['02080', 'scenario.favourable.return_half_rhp', 'decimal', 'ratio'],
  ['02090', 'scenario.favourable.return_rhp', 'decimal', 'ratio', { expected: true }],
  ['02100', 'scenario.stress.return_1y', 'decimal', 'ratio', { expected: true }],
  ['02110', 'scenario.stress.return_half_rhp', 'decimal', 'ratio'],
  ['02120', 'scenario.stress.return_rhp', 'decimal', 'ratio', { expected: true }],
  ['03010', 'costs.priips.entry', 'decimal', 'ratio', { expected: true }],
  ['03015', 'costs.priips.entry_acquired', 'decimal', 'ratio'],
  ['03020', 'costs.priips.exit_rhp', 'decimal', 'ratio', { expected: true }],
  ['03030', 'costs.priips.exit_1y', 'decimal', 'ratio', { expected: true }],
  ['03040', 'costs.priips.exit_half_rhp', 'decimal', 'ratio'],
  ['03060', 'costs.priips.management_and_operating', 'decimal', 'ratio', { expected: true }],
  ['03080', 'costs.priips.transaction', 'decimal', 'ratio', { expected: true }],
  ['03095', 'costs.priips.incidental', 'decimal', 'ratio'],
  ['08170', 'risk.srri', 'code', 'text'],
  ['08180', 'costs.ongoing_charges', 'decimal', 'ratio'],
]);

export const EPT_TEMPLATES: readonly FindatexTemplate[] = [
  { name: 'EPT', version: 'V2.1', fields: EPT_V21_FIELDS, required: ['00001', '00030', '01090'] },
];

/** Field numbers the EPT uses for its own bookkeeping. */
export const EPT = {
  version: '00001',
  generatedAt: '00005',
  shareClassId: '00030',
  publicationDate: '00070',
} as const;
