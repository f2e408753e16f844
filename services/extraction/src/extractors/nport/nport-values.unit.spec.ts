import { readNportValue, reportingMonthEnds } from './nport-values';

describe('readNportValue', () => {
  it.each([
    ['-.05', '-0.05'],
    ['.15', '0.15'],
    ['+1.50', '1.50'],
    ['22866256845.220000', '22866256845.220000'],
    [' 7 ', '7'],
  ])('keeps the digits of decimal %j as %j', (raw, value) => {
    expect(readNportValue(raw, 'decimal')).toEqual({ value });
  });

  it.each([
    ['N/A', 'missing', 'the filing states N/A'],
    ['XXXX', 'suppressed', 'masked by EDGAR'],
    ['XXXXXXXX', 'suppressed', 'masked by EDGAR'],
    ['', 'missing', 'the element is empty'],
  ])('turns %j into a typed blank', (raw, kind, reason) => {
    expect(readNportValue(raw, 'decimal')).toEqual({
      value: null,
      blank: { kind, reason },
      unreadable: false,
    });
  });

  it.each([['1,5'], ['-'], ['.'], ['1e5']])('flags %j as an unreadable decimal', (raw) => {
    expect(readNportValue(raw, 'decimal')).toMatchObject({ value: null, unreadable: true });
  });

  it('accepts real calendar dates only', () => {
    expect(readNportValue('2024-02-29', 'date')).toEqual({ value: '2024-02-29' });
    expect(readNportValue('2023-02-29', 'date')).toMatchObject({ value: null, unreadable: true });
    expect(readNportValue('9999-12-31', 'date')).toEqual({ value: '9999-12-31' });
  });

  it('keeps text as stated, trimmed', () => {
    expect(readNportValue('  AT&T Inc ', 'text')).toEqual({ value: 'AT&T Inc' });
  });
});

describe('reportingMonthEnds', () => {
  it('gives the month ends of the quarter, the last month ending on the report date', () => {
    expect(reportingMonthEnds('2024-06-30')).toEqual(['2024-04-30', '2024-05-31', '2024-06-30']);
    expect(reportingMonthEnds('2024-03-31')).toEqual(['2024-01-31', '2024-02-29', '2024-03-31']);
    expect(reportingMonthEnds('2022-12-30')).toEqual(['2022-10-31', '2022-11-30', '2022-12-30']);
    expect(reportingMonthEnds('2023-01-31')).toEqual(['2022-11-30', '2022-12-31', '2023-01-31']);
  });
});
