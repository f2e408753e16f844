import { pinnedV1 } from '../../test/validation-test-support';
import type { Field } from '../fields/field';
import type { FundSnapshot, SnapshotField } from '../fields/snapshot';
import { computeDeltas } from './compute-deltas';

const { ruleset, materiality } = pinnedV1();
const field = (key: string, value: string, unit: string, claimIds = [`now-${key}`]): Field => ({
  key,
  metric: key.split(/[@#]/)[0],
  ...(key.includes('@') && { shareClass: key.split('@')[1].split('#')[0] }),
  ...(key.includes('#') && { subject: key.split('#')[1] }),
  state: 'value',
  value,
  unit,
  asOf: '2021-02-15',
  claimIds,
  sourceCount: 1,
});
const prior = (entries: Field[]): FundSnapshot => ({
  snapshotId: 'snap-1',
  fundId: 'fund-1',
  cycleId: 'c-0',
  asOf: '2019-05-31',
  fields: entries.map((entry): SnapshotField => ({
    key: entry.key,
    metric: entry.metric,
    ...(entry.shareClass && { shareClass: entry.shareClass }),
    ...(entry.subject && { subject: entry.subject }),
    value: entry.value as string,
    unit: entry.unit as string,
    asOf: '2019-05-28',
    claimIds: [`before-${entry.key}`],
  })),
});
const compare = (fields: Field[], snapshot?: FundSnapshot) =>
  computeDeltas(
    { runId: 'run-1', fundId: 'fund-1' },
    fields,
    snapshot,
    ruleset.document.deltas.untracked,
    materiality.document,
  );

describe('deltas against the last approved snapshot', () => {
  it('given no approved snapshot, then the cycle is the baseline and has no deltas', () => {
    expect(compare([field('costs.ongoing_charges@A', '0.15', 'percent')])).toEqual({
      baseline: true,
      deltas: [],
    });
  });

  it('given a fee up from 0.15 % to 0.25 %, then an increase of 10 bps in fees and share class terms, with before, after and evidence', () => {
    const result = compare(
      [field('costs.ongoing_charges@A', '0.25', 'percent')],
      prior([field('costs.ongoing_charges@A', '0.15', 'percent')]),
    );
    expect(result).toEqual({
      baseline: false,
      priorSnapshotId: 'snap-1',
      deltas: [
        {
          deltaId: expect.stringMatching(/^delta-[a-f0-9]{32}$/),
          fieldKey: 'costs.ongoing_charges@A',
          metric: 'costs.ongoing_charges',
          shareClass: 'A',
          change: 'increase',
          category: 'fees_and_share_class_terms',
          before: { value: '0.15', unit: 'percent', asOf: '2019-05-28' },
          after: { value: '0.25', unit: 'percent', asOf: '2021-02-15' },
          magnitude: { absolute: '0.1', relativePercent: '66.6667', bps: '10' },
          evidenceClaimIds: ['now-costs.ongoing_charges@A'],
        },
      ],
    });
  });

  it('given equal values written differently (0.150 vs 0.15), then there is no delta', () => {
    expect(
      compare(
        [field('costs.ongoing_charges@A', '0.150', 'percent')],
        prior([field('costs.ongoing_charges@A', '0.15', 'percent')]),
      ).deltas,
    ).toEqual([]);
  });

  it('given AUM down 25 %, then a decrease with its relative magnitude', () => {
    const [delta] = compare(
      [field('fund.net_assets', '750', 'USD')],
      prior([field('fund.net_assets', '1000', 'USD')]),
    ).deltas;
    expect(delta).toMatchObject({
      change: 'decrease',
      category: 'assets_and_performance',
      magnitude: { absolute: '-250', relativePercent: '-25.0000' },
    });
  });

  it('given a text change, then `changed`; a new field, then `added`', () => {
    const deltas = compare(
      [
        field('fund.name', 'New Name', 'text'),
        field('benchmark.calendar_year_return@A#2020', '0.1', 'percent'),
      ],
      prior([field('fund.name', 'Old Name', 'text')]),
    ).deltas;
    expect(deltas.map((delta) => [delta.fieldKey, delta.change, delta.category])).toEqual([
      ['benchmark.calendar_year_return@A#2020', 'added', 'strategy_and_mandate'],
      ['fund.name', 'changed', 'legal_regulatory_documentation'],
    ]);
  });

  it('reports `removed` only when the sources still report the metric for other subjects', () => {
    const snapshot = prior([
      field('people.portfolio_manager#jane-doe', 'Jane Doe', 'text'),
      field('people.portfolio_manager#john-roe', 'John Roe', 'text'),
      field('fund.lei', 'X', 'text'),
    ]);
    const deltas = compare([field('people.portfolio_manager#john-roe', 'John Roe', 'text')], snapshot).deltas;
    expect(deltas).toMatchObject([
      {
        fieldKey: 'people.portfolio_manager#jane-doe',
        change: 'removed',
        category: 'key_people_and_organisation',
        before: { value: 'Jane Doe' },
        evidenceClaimIds: ['now-people.portfolio_manager#john-roe'],
      },
    ]);
  });

  it('leaves figures that move every period (NAV per share, monthly returns, document dates) out', () => {
    expect(
      compare(
        [field('nav.per_share@A', '11', 'USD'), field('document.as_of_date@A', '2021-02-15', 'date')],
        prior([field('nav.per_share@A', '10', 'USD'), field('document.as_of_date@A', '2019-05-28', 'date')]),
      ).deltas,
    ).toEqual([]);
  });

  it('derives delta ids from run, fund and field: a replay computes the same ids', () => {
    const once = compare(
      [field('fund.net_assets', '750', 'USD')],
      prior([field('fund.net_assets', '1000', 'USD')]),
    );
    const again = compare(
      [field('fund.net_assets', '750', 'USD')],
      prior([field('fund.net_assets', '1000', 'USD')]),
    );
    expect(again).toEqual(once);
  });
});
