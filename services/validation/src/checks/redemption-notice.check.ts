import { numericValue } from '../claims/claim-values';
import type { RulesetPolicy } from '../policies/policy-types';
import { Dec } from '../shared/decimal';
import { contradiction, measures, type CheckOutcome, type CheckResult } from './check-result';
import type { FundClaims } from './fund-claims';

/**
 * The notice period fits the dealing frequency (a daily-dealing fund with 90 days' notice is a
 * contradiction), per share class and for the fund, with the longest notice per frequency from
 * the ruleset.
 */
export function redemptionNoticeCheck(
  fund: FundClaims,
  rules: RulesetPolicy['checks']['redemption_notice'],
): CheckOutcome {
  if (!rules.enabled) return { results: [], exceptions: [] };
  const outcomes = [undefined, ...fund.shareClasses()].flatMap((shareClass) => {
    // Fund-level terms (no share class) and each share class's own terms are checked apart.
    const stated = (metric: string) =>
      fund
        .of(metric)
        .filter((claim) => claim.shareClass === shareClass)
        .at(-1);
    const frequency = stated(rules.frequencyMetric);
    const notice = stated(rules.noticeMetric);
    if (!frequency || !notice) return [];
    const key = (frequency.value ?? '')
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
    const maximum = rules.maxNoticeDays[key];
    const days = numericValue(notice);
    const checkId = `redemption_notice${shareClass ? `:${shareClass}` : ''}`;
    const base = {
      checkId,
      rule: 'redemption_notice' as const,
      evidenceClaimIds: [frequency.claimId, notice.claimId],
    };
    if (maximum === undefined || days === undefined) {
      const skipped: CheckResult = {
        ...base,
        status: 'not_applicable',
        ...(shareClass && { subject: shareClass }),
        message: `dealing frequency "${frequency.value}" has no notice limit in the ruleset`,
        measures: {},
      };
      return [{ results: [skipped], exceptions: [] }];
    }
    const passed = days.lte(maximum);
    const result: CheckResult = {
      ...base,
      status: passed ? 'passed' : 'failed',
      ...(shareClass && { subject: shareClass }),
      message: passed
        ? `${days.toFixed()} days' notice fits ${key} dealing`
        : `${days.toFixed()} days' notice is inconsistent with ${key} dealing (at most ${maximum})`,
      measures: measures({ noticeDays: days, maxNoticeDays: String(maximum) }),
    };
    const ratio = new Dec(days).div(Math.max(maximum, 1)).toFixed(4);
    return [
      {
        results: [result],
        exceptions: passed ? [] : [contradiction(result, rules.exception, checkId, {}, ratio)],
      },
    ];
  });
  return {
    results: outcomes.flatMap((outcome) => outcome.results),
    exceptions: outcomes.flatMap((outcome) => outcome.exceptions),
  };
}
