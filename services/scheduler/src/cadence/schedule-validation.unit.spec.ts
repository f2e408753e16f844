import { portfolioScheduleSetV1, type PortfolioSchedule } from '@fai/contracts';
import { scheduleProblems } from './schedule-validation';

const valid: PortfolioSchedule = portfolioScheduleSetV1.example.schedule;

describe('scheduleProblems', () => {
  it('finds nothing wrong with a valid schedule', () => {
    expect(scheduleProblems(valid)).toEqual([]);
    expect(
      scheduleProblems({ ...valid, due: { rule: 'day_of_month', day: 31 }, timeZone: 'America/New_York' }),
    ).toEqual([]);
  });

  it.each<[string, Partial<PortfolioSchedule>, RegExp]>([
    ['an unknown time zone', { timeZone: 'Europe/Atlantis' }, /timeZone "Europe\/Atlantis"/],
    ['a local time past 23:59', { localTime: '24:00' }, /localTime "24:00"/],
    ['a malformed start period', { startPeriod: '2026-13' }, /startPeriod "2026-13"/],
    ['day 0', { due: { rule: 'day_of_month', day: 0 } }, /due\.day/],
    ['day 32', { due: { rule: 'day_of_month', day: 32 } }, /due\.day/],
    [
      '21 business days',
      { due: { rule: 'business_days_after_month_end', businessDays: 21 } },
      /due\.businessDays/,
    ],
    ['a fractional cut-off', { cutOff: { businessDays: 1.5, hours: 0 } }, /cutOff\.businessDays/],
    ['negative cut-off hours', { cutOff: { businessDays: 1, hours: -1 } }, /cutOff\.hours/],
    [
      'a zero stage budget',
      { stageBudgetsMinutes: { ...valid.stageBudgetsMinutes, rank: 0 } },
      /stageBudgetsMinutes\.rank/,
    ],
  ])('reports %s', (_what, patch, problem) => {
    const problems = scheduleProblems({ ...valid, ...patch });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });
});
