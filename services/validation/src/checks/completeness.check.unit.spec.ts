import { pinnedV1 } from '../../test/validation-test-support';
import type { Field } from '../fields/field';
import { completenessCheck } from './completeness.check';

const { ruleset } = pinnedV1();
const ucits = ruleset.document.scopes.ucits_share_class;
const exception = ruleset.document.completeness.exception;
const valued = (key: string, metric: string, shareClass?: string): Field => ({
  key,
  metric,
  ...(shareClass && { shareClass }),
  state: 'value',
  value: '1',
  unit: 'percent',
  asOf: '2021-02-15',
  claimIds: [`c-${key}`],
  sourceCount: 1,
});
const everyRequired = (shareClass: string): Field[] => [
  valued(`document.as_of_date@${shareClass}`, 'document.as_of_date', shareClass),
  ...[
    'share_class.isin',
    'costs.ongoing_charges',
    'costs.entry_charge_max',
    'costs.exit_charge_max',
    'risk.srri',
  ].map((metric) => valued(`${metric}@${shareClass}`, metric, shareClass)),
];

describe('completeness (ruleset scopes)', () => {
  it('given every required field of the scope, then the score is 1 and nothing is raised', () => {
    const outcome = completenessCheck(everyRequired('GB00B0CNHB64'), ucits, ['GB00B0CNHB64'], exception);
    expect(outcome.completeness).toEqual({ score: '1.0000', required: 6, present: 6, missing: [] });
    expect(outcome.exceptions).toEqual([]);
  });

  it('given a required field missing, then a missing-field exception is raised and the score drops', () => {
    const fields = everyRequired('GB00B0CNHB64').filter((field) => field.metric !== 'costs.ongoing_charges');
    const outcome = completenessCheck(fields, ucits, ['GB00B0CNHB64'], exception);
    expect(outcome.completeness).toEqual({
      score: '0.8333',
      required: 6,
      present: 5,
      missing: ['costs.ongoing_charges@GB00B0CNHB64'],
    });
    expect(outcome.exceptions).toMatchObject([
      {
        kind: 'missing_field',
        fieldKey: 'costs.ongoing_charges@GB00B0CNHB64',
        policy: { severity: 'medium', blocking: true },
      },
    ]);
    expect(outcome.blanks).toMatchObject([
      { key: 'costs.ongoing_charges@GB00B0CNHB64', state: 'blank', blank: 'missing' },
    ]);
  });

  it('requires per-share-class fields once for each share class', () => {
    const outcome = completenessCheck(everyRequired('A'), ucits, ['A', 'B'], exception);
    expect(outcome.completeness).toMatchObject({ required: 11, present: 6 });
  });

  it('given a US fund whose class N-PORT names by class id and a TPT by ISIN, then monthly returns are required under the class id only', () => {
    const usFund = ruleset.document.scopes.us_registered_fund;
    const fundLevel = usFund.required
      .filter((requirement) => !requirement.perShareClass)
      .map(({ metric }) => valued(metric, metric));
    const classIds = ['C000123456', 'US0000000001'];
    const complete = completenessCheck(
      [
        ...fundLevel,
        valued('share_class.monthly_return@C000123456', 'share_class.monthly_return', 'C000123456'),
      ],
      usFund,
      classIds,
      exception,
    );
    expect(complete.completeness).toMatchObject({ score: '1.0000', missing: [] });
    expect(complete.exceptions).toEqual([]);
    expect(completenessCheck(fundLevel, usFund, classIds, exception).completeness.missing).toEqual([
      'share_class.monthly_return@C000123456',
    ]);
  });

  it('given a typed blank from the source, then the exception carries its kind and reason', () => {
    const fields = [
      ...everyRequired('A').filter((field) => field.metric !== 'risk.srri'),
      {
        key: 'risk.srri@A',
        metric: 'risk.srri',
        shareClass: 'A',
        state: 'blank',
        blank: 'not_yet_filed',
        reason: 'first KID due 2026',
        claimIds: ['c-srri'],
        sourceCount: 1,
      } as Field,
    ];
    const outcome = completenessCheck(fields, ucits, ['A'], exception);
    expect(outcome.exceptions).toMatchObject([
      { details: { blank: 'not_yet_filed', reason: 'first KID due 2026' }, evidenceClaimIds: ['c-srri'] },
    ]);
    expect(outcome.blanks).toEqual([]);
  });

  it('leaves stale and conflicted fields to their own exceptions', () => {
    const fields = [
      ...everyRequired('A').filter((field) => field.metric !== 'risk.srri'),
      {
        key: 'risk.srri@A',
        metric: 'risk.srri',
        shareClass: 'A',
        state: 'blank',
        blank: 'conflicted',
        reason: 'x',
        claimIds: ['c1', 'c2'],
        sourceCount: 2,
      } as Field,
    ];
    const outcome = completenessCheck(fields, ucits, ['A'], exception);
    expect(outcome.completeness.present).toBe(5);
    expect(outcome.exceptions).toEqual([]);
  });
});
