import { daysBetween, isIsoDate, minusDays, minusMonths } from './calendar-dates';

describe('calendar dates', () => {
  it.each([
    ['2020-05-31', 1, '2020-04-30'],
    ['2020-05-31', 3, '2020-02-29'],
    ['2021-05-31', 3, '2021-02-28'],
    ['2020-05-29', 36, '2017-05-29'],
    ['2016-01-15', 1, '2015-12-15'],
    ['2016-03-31', 12, '2015-03-31'],
  ])('%s minus %i months is %s (clamped to the month end)', (date, months, expected) => {
    expect(minusMonths(date, months)).toBe(expected);
  });

  it('counts calendar days across leap years and steps back by days', () => {
    expect(daysBetween('2017-05-31', '2020-05-29')).toBe(1094);
    expect(daysBetween('2020-03-01', '2020-02-28')).toBe(-2);
    expect(minusDays('2020-03-01', 7)).toBe('2020-02-23');
  });

  it('accepts only real YYYY-MM-DD dates', () => {
    expect(['2020-02-29', '1995-01-02'].every(isIsoDate)).toBe(true);
    expect(['2019-02-29', '2020-13-01', '31/05/2016', '2020-5-1', ''].some(isIsoDate)).toBe(false);
  });
});
