import { InvalidPeriodError } from '@fai/contracts';
import { assertPeriod, isPeriod, laterPeriod, nextPeriod } from './period';

describe('period', () => {
  it('recognises YYYY-MM with a real month only', () => {
    expect(['2026-01', '2026-12', '1999-10'].every(isPeriod)).toBe(true);
    expect(['2026-13', '2026-00', '2026-1', '2026/01', ' 2026-01', '202601'].some(isPeriod)).toBe(false);
  });

  it('refuses a malformed period with INVALID_PERIOD', () => {
    expect(() => assertPeriod('2026-13')).toThrow(InvalidPeriodError);
    expect(() => assertPeriod('2026-13')).toThrow(expect.objectContaining({ code: 'INVALID_PERIOD' }));
  });

  it('steps to the next month across a year end', () => {
    expect(nextPeriod('2026-10')).toBe('2026-11');
    expect(nextPeriod('2026-12')).toBe('2027-01');
  });

  it('picks the later of two periods', () => {
    expect(laterPeriod('2026-09', '2026-10')).toBe('2026-10');
    expect(laterPeriod('2027-01', '2026-12')).toBe('2027-01');
  });
});
