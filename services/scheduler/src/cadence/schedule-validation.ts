import type { PortfolioSchedule } from '@fai/contracts';
import { RUN_STAGES } from '@fai/contracts';
import { IANAZone } from 'luxon';
import { isPeriod } from './period';

const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * What is wrong with a schedule, in words; empty when it is valid. The JSON Schema checks the
 * shape on the wire; this checks what a schema cannot (a real IANA zone) and guards callers that
 * did not go through it.
 */
export function scheduleProblems(schedule: PortfolioSchedule): string[] {
  const { due, cutOff } = schedule;
  return [
    ...(isPeriod(schedule.startPeriod) ? [] : [`startPeriod "${schedule.startPeriod}" is not YYYY-MM`]),
    ...(IANAZone.isValidZone(schedule.timeZone)
      ? []
      : [`timeZone "${schedule.timeZone}" is not an IANA time zone`]),
    ...(LOCAL_TIME.test(schedule.localTime) ? [] : [`localTime "${schedule.localTime}" is not HH:mm`]),
    ...(due.rule === 'day_of_month'
      ? integerProblems('due.day', due.day, 1, 31)
      : integerProblems('due.businessDays', due.businessDays, 1, 20)),
    ...integerProblems('cutOff.businessDays', cutOff.businessDays, 0, 20),
    ...integerProblems('cutOff.hours', cutOff.hours, 0, 240),
    ...RUN_STAGES.flatMap((stage) =>
      integerProblems(
        `stageBudgetsMinutes.${stage}`,
        schedule.stageBudgetsMinutes[stage],
        1,
        Number.MAX_SAFE_INTEGER,
      ),
    ),
  ];
}

function integerProblems(name: string, value: number, min: number, max: number): string[] {
  return Number.isInteger(value) && value >= min && value <= max
    ? []
    : [
        `${name} must be an integer from ${min} to ${max === Number.MAX_SAFE_INTEGER ? 'up' : max}, not ${value}`,
      ];
}
