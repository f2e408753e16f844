import { compareAmendment } from './amendment-comparison';

const stated = (entries: Array<[string, string | null]>) => entries.map(([key, value]) => ({ key, value }));

describe('amendment comparison', () => {
  it('restates when the amendment states again what the original stated, counting changed values', () => {
    const original = stated([
      ['fund.net_assets', '100'],
      ['fund.total_assets', '120'],
      ['holding.value|isin:A', '10'],
    ]);
    const amendment = stated([
      ['fund.net_assets', '101'],
      ['fund.total_assets', '120'],
      ['holding.value|isin:B', '5'],
    ]);
    expect(compareAmendment(amendment, original)).toEqual({
      relation: 'restates',
      comparison: { restated: 1, unchanged: 1, added: 1, notRestated: 1 },
    });
  });

  it('adds when the amendment only states what the original did not', () => {
    expect(
      compareAmendment(stated([['holding.value|isin:C', '1']]), stated([['fund.net_assets', '100']])),
    ).toEqual({
      relation: 'adds',
      comparison: { restated: 0, unchanged: 0, added: 1, notRestated: 1 },
    });
  });

  it('compares typed blanks as values and counts a key stated twice once', () => {
    const original = stated([
      ['fund.lei', null],
      ['nav.per_share|2024-01-02', '1.5'],
      ['nav.per_share|2024-01-02', '9.9'],
    ]);
    const amendment = stated([
      ['fund.lei', 'SVLFVAGUHS15GPUL9Z39'],
      ['nav.per_share|2024-01-02', '1.5'],
    ]);
    expect(compareAmendment(amendment, original).comparison).toEqual({
      restated: 1,
      unchanged: 1,
      added: 0,
      notRestated: 0,
    });
  });
});
