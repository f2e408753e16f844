import type { Field } from '../fields/field';
import { missingField } from '../fields/settle-fields';
import type { ExceptionPolicy, ScopeRules, ShareClassIdScheme } from '../policies/policy-types';
import { Dec, fixed } from '../shared/decimal';
import type { CheckOutcome, CheckResult, ExceptionCandidate } from './check-result';

export interface Completeness {
  score: string;
  required: number;
  present: number;
  /** Keys of required fields without a value. */
  missing: string[];
}

export interface CompletenessOutcome extends CheckOutcome {
  completeness: Completeness;
  /** Typed blanks for required fields no claim mentions. */
  blanks: Field[];
}

const SHARE_CLASS_IDS: Record<ShareClassIdScheme, RegExp> = {
  isin: /^[A-Z]{2}[A-Z0-9]{9}[0-9]$/,
  sec_class_id: /^C[0-9]{9}$/,
};

/**
 * Every required field of the fund's scope has a value: per fund, or per share class the fund's
 * claims name. The score is present / required. A missing, not-yet-filed or suppressed field is a
 * missing-field exception; stale and conflicted fields already have their own exceptions.
 */
export function completenessCheck(
  fields: readonly Field[],
  scope: ScopeRules,
  shareClasses: readonly string[],
  exception: ExceptionPolicy,
): CompletenessOutcome {
  const byKey = new Map(fields.map((field) => [field.key, field]));
  const scheme = scope.shareClassIds;
  const named = scheme
    ? shareClasses.filter((shareClass) => SHARE_CLASS_IDS[scheme].test(shareClass))
    : shareClasses;
  const required = scope.required.flatMap((requirement): Array<{ metric: string; shareClass?: string }> =>
    requirement.perShareClass
      ? named.map((shareClass) => ({ metric: requirement.metric, shareClass }))
      : [{ metric: requirement.metric }],
  );
  const evaluated = required.map(({ metric, shareClass }) => {
    const candidates = shareClass
      ? [byKey.get(`${metric}@${shareClass}`)].flatMap((field) => (field ? [field] : []))
      : fields.filter((field) => field.metric === metric && field.subject === undefined);
    const present = candidates.find((field) => field.state === 'value');
    return {
      metric,
      shareClass,
      field: present ?? candidates[0] ?? missingField(metric, shareClass),
      present: !!present,
    };
  });
  const missing = evaluated.filter((entry) => !entry.present);
  const score =
    required.length === 0 ? '1.0000' : fixed(new Dec(evaluated.length - missing.length).div(required.length));
  const results = evaluated.map(({ field, present }): CheckResult => ({
    checkId: `completeness:${field.key}`,
    rule: 'completeness',
    status: present ? 'passed' : 'failed',
    subject: field.key,
    message: present
      ? `${field.key} is present`
      : `${field.key} is required: ${field.blank ?? 'missing'} (${field.reason ?? ''})`,
    evidenceClaimIds: field.claimIds,
    measures: {},
  }));
  const exceptions = missing
    .filter(({ field }) => field.blank !== 'stale' && field.blank !== 'conflicted')
    .map(({ field }): ExceptionCandidate => ({
      kind: 'missing_field',
      policy: exception,
      title: `required field ${field.key} is ${field.blank ?? 'missing'}`,
      subject: `missing_field:${field.key}`,
      checkId: `completeness:${field.key}`,
      fieldKey: field.key,
      evidenceClaimIds: field.claimIds,
      details: {
        metric: field.metric,
        ...(field.shareClass !== undefined && { shareClass: field.shareClass }),
        blank: field.blank ?? 'missing',
        reason: field.reason ?? 'no permitted source states it',
      },
    }));
  return {
    results,
    exceptions,
    completeness: {
      score,
      required: required.length,
      present: evaluated.length - missing.length,
      missing: missing.map(({ field }) => field.key),
    },
    blanks: missing.filter(({ field }) => !byKey.has(field.key)).map(({ field }) => field),
  };
}
