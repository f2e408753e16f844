import type { PortfolioSchedule } from '@fai/contracts';
import { cutOffInstant, dueInstant, periodsDue } from './schedule-calendar';

type Schedule = Pick<PortfolioSchedule, 'startPeriod' | 'due' | 'localTime' | 'timeZone' | 'cutOff'>;

const schedule = (patch: Partial<Schedule> = {}): Schedule => ({
  startPeriod: '2026-01',
  due: { rule: 'day_of_month', day: 5 },
  localTime: '07:00',
  timeZone: 'UTC',
  cutOff: { businessDays: 2, hours: 0 },
  ...patch,
});
const dayOfMonth = (day: number) => ({ rule: 'day_of_month', day }) as const;
const businessDays = (count: number) =>
  ({ rule: 'business_days_after_month_end', businessDays: count }) as const;
const iso = (date: Date) => date.toISOString();

describe('dueInstant', () => {
  describe('day of month, in the month after the period', () => {
    it.each([
      ['2026-09', 31, '2026-10-31T07:00:00.000Z'],
      ['2026-03', 31, '2026-04-30T07:00:00.000Z'],
      ['2026-10', 31, '2026-11-30T07:00:00.000Z'],
      ['2026-01', 31, '2026-02-28T07:00:00.000Z'],
      ['2026-01', 29, '2026-02-28T07:00:00.000Z'],
      ['2028-01', 31, '2028-02-29T07:00:00.000Z'],
      ['2028-01', 30, '2028-02-29T07:00:00.000Z'],
      ['2100-01', 29, '2100-02-28T07:00:00.000Z'],
      ['2026-12', 1, '2027-01-01T07:00:00.000Z'],
    ])('period %s, day %i → %s', (period, day, expected) => {
      expect(iso(dueInstant(schedule({ due: dayOfMonth(day) }), period))).toBe(expected);
    });
  });

  describe('N business days after month end (Monday to Friday)', () => {
    it.each([
      ['2026-10', 1, '2026-11-02T07:00:00.000Z', 'October ends on a Saturday: Monday 2 November'],
      ['2026-10', 3, '2026-11-04T07:00:00.000Z', 'Wednesday'],
      ['2026-07', 1, '2026-08-03T07:00:00.000Z', 'July ends on a Friday: the next Monday'],
      ['2026-07', 5, '2026-08-07T07:00:00.000Z', 'Friday of the first week'],
      ['2026-07', 6, '2026-08-10T07:00:00.000Z', 'skips the weekend'],
      ['2026-01', 20, '2026-02-27T07:00:00.000Z', 'the 20th business day of a 28-day February'],
    ])('period %s, %i business day(s) → %s (%s)', (period, count, expected) => {
      expect(iso(dueInstant(schedule({ due: businessDays(count) }), period))).toBe(expected);
    });
  });

  describe('local time in the schedule’s time zone', () => {
    it('follows the zone’s offset in winter and summer', () => {
      const london = schedule({ timeZone: 'Europe/London', due: dayOfMonth(1) });
      expect(iso(dueInstant(london, '2026-02'))).toBe('2026-03-01T07:00:00.000Z');
      expect(iso(dueInstant(london, '2026-03'))).toBe('2026-04-01T06:00:00.000Z');
    });

    it.each([
      [
        'Europe/London',
        '2026-02',
        29,
        '01:30',
        '2026-03-29T01:30:00.000Z',
        '01:30 GMT does not exist: 02:30 BST',
      ],
      [
        'America/New_York',
        '2026-02',
        8,
        '02:30',
        '2026-03-08T07:30:00.000Z',
        '02:30 EST does not exist: 03:30 EDT',
      ],
    ])(
      '%s spring-forward gap (period %s, day %i at %s) → %s: %s',
      (timeZone, period, day, localTime, expected) => {
        expect(iso(dueInstant(schedule({ timeZone, localTime, due: dayOfMonth(day) }), period))).toBe(
          expected,
        );
      },
    );

    it.each([
      ['Europe/London', '2026-09', 25, '01:30', '2026-10-25T00:30:00.000Z', '01:30 BST, not 01:30 GMT'],
      ['America/New_York', '2026-10', 1, '01:30', '2026-11-01T05:30:00.000Z', '01:30 EDT, not 01:30 EST'],
    ])(
      '%s fall-back overlap (period %s, day %i at %s) → first occurrence %s: %s',
      (timeZone, period, day, localTime, expected) => {
        expect(iso(dueInstant(schedule({ timeZone, localTime, due: dayOfMonth(day) }), period))).toBe(
          expected,
        );
      },
    );

    it('keeps the local time on the day after a change', () => {
      const newYork = schedule({ timeZone: 'America/New_York', localTime: '02:30', due: dayOfMonth(9) });
      expect(iso(dueInstant(newYork, '2026-02'))).toBe('2026-03-09T06:30:00.000Z');
    });
  });
});

describe('cutOffInstant', () => {
  it('adds business days over a weekend at the same local time, then hours', () => {
    const london = schedule({
      timeZone: 'Europe/London',
      due: dayOfMonth(27),
      cutOff: { businessDays: 1, hours: 2 },
    });
    // Due Friday 27 March 07:00 GMT; the next business day is Monday 30 March, after the change to BST.
    expect(iso(dueInstant(london, '2026-02'))).toBe('2026-03-27T07:00:00.000Z');
    expect(iso(cutOffInstant(london, '2026-02'))).toBe('2026-03-30T08:00:00.000Z');
  });

  it('counts hours as elapsed time', () => {
    const utc = schedule({ due: businessDays(1), cutOff: { businessDays: 0, hours: 48 } });
    expect(iso(cutOffInstant(utc, '2026-10'))).toBe('2026-11-04T07:00:00.000Z');
  });

  it('from a due date on a weekend, the first business day is the Monday', () => {
    const utc = schedule({ due: dayOfMonth(31), cutOff: { businessDays: 1, hours: 0 } });
    // Period 2026-09 is due Saturday 31 October.
    expect(iso(cutOffInstant(utc, '2026-09'))).toBe('2026-11-02T07:00:00.000Z');
  });

  it('with no business days nor hours is the due instant itself', () => {
    const utc = schedule({ cutOff: { businessDays: 0, hours: 0 } });
    expect(cutOffInstant(utc, '2026-10')).toEqual(dueInstant(utc, '2026-10'));
  });
});

describe('periodsDue', () => {
  const monthly = schedule({ startPeriod: '2026-09', due: dayOfMonth(5) });
  const at = (instant: string) => new Date(instant);

  it('lists nothing before the start period is due', () => {
    expect(periodsDue(monthly, undefined, at('2026-10-05T06:59:59.999Z'))).toEqual([]);
  });

  it('lists a period from the exact instant it is due', () => {
    expect(periodsDue(monthly, undefined, at('2026-10-05T07:00:00.000Z'))).toEqual(['2026-09']);
  });

  it('lists nothing more once the last due period is opened', () => {
    expect(periodsDue(monthly, '2026-09', at('2026-11-05T06:59:00.000Z'))).toEqual([]);
  });

  it('after a restart across several due times, lists each missed period once, oldest first', () => {
    expect(periodsDue(monthly, '2026-09', at('2027-01-20T00:00:00.000Z'))).toEqual([
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
  });

  it('never lists periods before the start period, even after older ones were opened', () => {
    expect(
      periodsDue({ ...monthly, startPeriod: '2026-12' }, '2026-09', at('2027-01-20T00:00:00.000Z')),
    ).toEqual(['2026-12']);
  });

  it('follows a schedule change: an earlier due rule makes a period due now', () => {
    const now = at('2026-11-03T12:00:00.000Z');
    expect(periodsDue({ ...monthly, due: dayOfMonth(10) }, '2026-09', now)).toEqual([]);
    expect(periodsDue({ ...monthly, due: businessDays(1) }, '2026-09', now)).toEqual(['2026-10']);
  });

  it('follows a schedule change: a later due rule or zone leaves a not yet opened period waiting', () => {
    const now = at('2026-11-05T07:30:00.000Z');
    expect(periodsDue(monthly, '2026-09', now)).toEqual(['2026-10']);
    expect(periodsDue({ ...monthly, due: dayOfMonth(6) }, '2026-09', now)).toEqual([]);
    expect(periodsDue({ ...monthly, timeZone: 'America/New_York' }, '2026-09', now)).toEqual([]);
  });
});
