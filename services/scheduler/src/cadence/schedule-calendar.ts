import type { PortfolioSchedule } from '@fai/contracts';
import { assertNever } from '@fai/decider';
import { DateTime } from 'luxon';
import { laterPeriod, nextPeriod, periodStart, type Period } from './period';

/*
 * When a schedule comes due, computed with luxon in the schedule's IANA time zone.
 *
 * - The cycle of period P is due in the month after P: `day_of_month` D is day D of that month,
 *   clamped to its length (31 → 30 April, 28/29 February); `business_days_after_month_end` N is the
 *   N-th Monday-to-Friday after P ends (no holiday calendar yet).
 * - Local times that do not exist (spring-forward gap) move forward by the length of the gap, as
 *   luxon does: 01:30 on the London change day is 02:30 BST, the same instant as 01:30 GMT would be.
 * - Local times that happen twice (fall-back overlap) resolve to the first occurrence, so a cycle
 *   never opens an hour late.
 * - The cut-off is `businessDays` business days after the due date at the same local time, then
 *   `hours` elapsed hours later.
 */

type DueRule = PortfolioSchedule['due'];
type CalendarSchedule = Pick<PortfolioSchedule, 'due' | 'localTime' | 'timeZone'>;

/** The instant the cycle of `period` is due under `schedule`. */
export function dueInstant(schedule: CalendarSchedule, period: Period): Date {
  return atLocalTime(dueDate(schedule.due, period, schedule.timeZone), schedule.localTime).toJSDate();
}

/** The instant required artefacts must be in for the cycle of `period`. */
export function cutOffInstant(
  schedule: CalendarSchedule & Pick<PortfolioSchedule, 'cutOff'>,
  period: Period,
): Date {
  const day = addBusinessDays(dueDate(schedule.due, period, schedule.timeZone), schedule.cutOff.businessDays);
  return atLocalTime(day, schedule.localTime).plus({ hours: schedule.cutOff.hours }).toJSDate();
}

/**
 * Every period due at `now` that has not been opened yet, oldest first: from the period after
 * `lastOpenedPeriod` (or the schedule's start period) on. After a restart across one or more due
 * times it lists each missed period once; opening them is guarded by the cycle stream's no_stream
 * check, so listing a period twice never opens it twice.
 */
export function periodsDue(
  schedule: CalendarSchedule & Pick<PortfolioSchedule, 'startPeriod'>,
  lastOpenedPeriod: Period | undefined,
  now: Date,
): Period[] {
  const first = lastOpenedPeriod
    ? laterPeriod(nextPeriod(lastOpenedPeriod), schedule.startPeriod)
    : schedule.startPeriod;
  const due: Period[] = [];
  for (
    let period = first;
    dueInstant(schedule, period).getTime() <= now.getTime();
    period = nextPeriod(period)
  )
    due.push(period);
  return due;
}

function dueDate(rule: DueRule, period: Period, zone: string): DateTime {
  const following = periodStart(period, zone).plus({ months: 1 });
  switch (rule.rule) {
    case 'day_of_month':
      return following.set({ day: Math.min(rule.day, following.daysInMonth!) });
    case 'business_days_after_month_end':
      return addBusinessDays(following.minus({ days: 1 }), rule.businessDays);
    default:
      return assertNever(rule, 'due rule');
  }
}

function isBusinessDay(day: DateTime): boolean {
  return day.weekday <= 5;
}

function addBusinessDays(day: DateTime, count: number): DateTime {
  let result = day;
  for (let left = count; left > 0;) {
    result = result.plus({ days: 1 });
    if (isBusinessDay(result)) left--;
  }
  return result;
}

function atLocalTime(day: DateTime, localTime: string): DateTime {
  const [hour, minute] = localTime.split(':').map(Number);
  const local = DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour, minute },
    { zone: day.zone },
  );
  // An ambiguous wall time has two offsets: take the earlier instant.
  return local
    .getPossibleOffsets()
    .reduce(
      (earliest, candidate) => (candidate.toMillis() < earliest.toMillis() ? candidate : earliest),
      local,
    );
}
