import { labelPattern, normaliseText, originalSpan } from './text-normaliser';

describe('normaliseText', () => {
  it('re-joins letter-spaced words and maps every character back to the original', () => {
    const original = 'A v g. A UM';
    const normalised = normaliseText(original);
    expect(normalised.text).toBe('Avg.AUM');
    expect(normalised.offsets.map((i) => original[i]).join('')).toBe('Avg.AUM');
    expect(originalSpan(normalised, 4, 7)).toEqual([7, 11]);
    expect(original.slice(7, 11)).toBe('A UM');
  });

  it('leaves ordinary short words alone', () => {
    for (const text of [
      'The Fund is in category 1 as it invests',
      'accurate as at 28 May 2019',
      'Class I Accumulation - ISIN: GB00B0CNHB64',
      '0.15 %',
    ]) {
      expect(normaliseText(text).text).toBe(text);
    }
  });

  it('folds typographic variants and collapses whitespace', () => {
    expect(normaliseText('  Fund\u2019s\u00a0\u00a0ranking \u2013 ﬁrst ').text).toBe(
      "Fund's ranking - first",
    );
  });
});

describe('labelPattern', () => {
  it('matches a label however its letters are spaced, in any case, but not inside a longer word', () => {
    const avgAum = labelPattern('Avg. AUM');
    expect(avgAum.test('A v g. A UM')).toBe(true);
    expect(avgAum.test('AVG. AUM')).toBe(true);
    expect(labelPattern('AUM').test('AAUM for the Month of December 2025')).toBe(false);
    expect(labelPattern('AUM').test('Month End AUM')).toBe(true);
    expect(labelPattern('Option').test('Options: Growth, IDCW')).toBe(false);
    expect(labelPattern('NAV (').test('NAV (`)')).toBe(true);
  });
});
