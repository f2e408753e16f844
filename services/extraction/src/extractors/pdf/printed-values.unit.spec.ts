import { parsePrintedDate, parsePrintedNumber } from './printed-values';

describe('parsePrintedNumber', () => {
  it('keeps the printed digits and drops grouping of any style', () => {
    expect(parsePrintedNumber('0.15')?.value).toBe('0.15');
    expect(parsePrintedNumber(': 11.00%')?.value).toBe('11.00');
    expect(parsePrintedNumber('INR 3,71,207 Cr.')).toEqual({ value: '3712070000000', scale: 7 });
    expect(parsePrintedNumber('1,20,000')?.value).toBe('120000');
    expect(parsePrintedNumber('9,581')?.value).toBe('9581');
  });

  it('applies scale words exactly', () => {
    expect(parsePrintedNumber('23,686.45 Crores')).toEqual({ value: '236864500000', scale: 7 });
    expect(parsePrintedNumber('INR 2,525 Cr.')?.value).toBe('25250000000');
    expect(parsePrintedNumber('12.5 lakh')?.value).toBe('1250000');
    expect(parsePrintedNumber('EUR 1.2bn')?.value).toBe('1200000000');
    expect(parsePrintedNumber('1.5 Crore-')?.value).toBe('15000000');
  });

  it('reads signs and accounting parentheses', () => {
    expect(parsePrintedNumber('-4.2')?.value).toBe('-4.2');
    expect(parsePrintedNumber('\u22120.6')?.value).toBe('-0.6');
    expect(parsePrintedNumber('(1.25)')?.value).toBe('-1.25');
    expect(parsePrintedNumber('-0.0')?.value).toBe('0.0');
    expect(parsePrintedNumber('None')).toBeUndefined();
  });
});

describe('parsePrintedDate', () => {
  it.each([
    ['accurate as at 28 May 2019', '2019-05-28'],
    ['15 February 2021.', '2021-02-15'],
    ['31/12/2025', '2025-12-31'],
    ['December 31, 2025', '2025-12-31'],
    ['Mar 31, 2026', '2026-03-31'],
    ['31st December 2025', '2025-12-31'],
    ['09-Mar-18', '2018-03-09'],
    ['2025-08-29', '2025-08-29'],
  ])('reads "%s" as %s', (text, iso) => {
    expect(parsePrintedDate(text)).toBe(iso);
  });

  it('reads numeric dates in the order the rule names, and refuses dates that do not exist', () => {
    expect(parsePrintedDate('03/04/2025', 'MDY')).toBe('2025-03-04');
    expect(parsePrintedDate('03/04/2025', 'DMY')).toBe('2025-04-03');
    expect(parsePrintedDate('31/02/2025')).toBeUndefined();
    expect(parsePrintedDate('no date here')).toBeUndefined();
  });
});
