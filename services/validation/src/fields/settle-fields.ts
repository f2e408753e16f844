import type { ValidationClaim } from '../claims/validation-claim';
import type { CrossSourceVerdict } from '../checks/cross-source.check';
import { rankClaims } from '../claims/source-ranking';
import type { SourcePolicy } from '../policies/policy-types';
import type { Field } from './field';
import { distinctArtefacts, type FieldGroup } from './field-group';

/**
 * Settles one field from its claims. Agreement gives the value of the best-ranked statement,
 * with every agreeing claim as support. A conflict is never settled silently: the field stays a
 * typed blank `conflicted` until a reviewer resolves the contradiction. No fresh value gives a
 * typed blank: `stale` when all evidence is too old, else the blank the source itself states.
 */
export function settleField(
  group: FieldGroup,
  stale: ReadonlySet<string>,
  verdict: CrossSourceVerdict,
  sourcePolicy: SourcePolicy,
): Field {
  const base = {
    key: group.key,
    metric: group.metric,
    ...(group.shareClass !== undefined && { shareClass: group.shareClass }),
    ...(group.subject !== undefined && { subject: group.subject }),
  };
  const valued = group.claims.filter((claim) => claim.value !== null);
  const fresh = valued.filter((claim) => !stale.has(claim.claimId));
  if (fresh.length === 0 && valued.length > 0) {
    return blank(base, 'stale', 'all evidence is older than the source policy allows', valued);
  }
  if (fresh.length === 0) {
    const [stated] = rankClaims(group.claims, sourcePolicy);
    return blank(
      base,
      stated.blank?.kind ?? 'missing',
      stated.blank?.reason ?? 'the source states no value',
      group.claims,
    );
  }
  if (!verdict.agreed) {
    return blank(
      base,
      'conflicted',
      'sources disagree beyond tolerance; a reviewer decides',
      verdict.candidates,
    );
  }
  const [chosen] = verdict.candidates;
  return {
    ...base,
    state: 'value',
    value: chosen.value as string,
    unit: chosen.unit,
    asOf: chosen.asOf,
    claimIds: verdict.candidates.map((claim) => claim.claimId),
    chosenClaimId: chosen.claimId,
    sourceCount: distinctArtefacts(verdict.candidates),
  };
}

function blank(
  base: Pick<Field, 'key' | 'metric' | 'shareClass' | 'subject'>,
  kind: NonNullable<Field['blank']>,
  reason: string,
  claims: readonly ValidationClaim[],
): Field {
  return {
    ...base,
    state: 'blank',
    blank: kind,
    reason,
    claimIds: claims.map((claim) => claim.claimId),
    sourceCount: distinctArtefacts(claims),
  };
}

/** A required field no admitted claim mentions. */
export function missingField(metric: string, shareClass: string | undefined): Field {
  return {
    key: `${metric}${shareClass ? `@${shareClass}` : ''}`,
    metric,
    ...(shareClass !== undefined && { shareClass }),
    state: 'blank',
    blank: 'missing',
    reason: 'no permitted source states it',
    claimIds: [],
    sourceCount: 0,
  };
}
