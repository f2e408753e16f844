import {
  artefactKey,
  claimArtefactKey,
  type ArtefactFacts,
  type ValidationClaim,
} from '../claims/validation-claim';
import type { ExceptionPolicy, SourcePolicy } from '../policies/policy-types';
import { groupBy } from '../shared/collections';
import { compareText } from '../shared/ordering';
import type { CheckOutcome, CheckResult, ExceptionCandidate } from './check-result';

export interface Admission {
  admitted: ValidationClaim[];
  refused: ValidationClaim[];
  outcome: CheckOutcome;
}

/**
 * Only permitted sources are evidence: an artefact must be in the run's inventory, of an allowed
 * source type, from an allowed origin when it was fetched online, and of a document family the
 * source policy ranks. Claims of any other artefact are unsupported: kept, never settled into fields.
 */
export function sourceAdmissionCheck(
  claims: readonly ValidationClaim[],
  artefacts: ReadonlyMap<string, ArtefactFacts>,
  policy: SourcePolicy,
  exception: ExceptionPolicy,
): Admission {
  const byArtefact = groupBy(claims, claimArtefactKey);
  const verdicts = [...byArtefact.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([key, artefactClaims]) => ({
      key,
      claims: artefactClaims,
      reason: refusal(artefacts.get(key), artefactClaims[0], policy),
    }));
  const results = verdicts.map(({ key, claims: artefactClaims, reason }): CheckResult => ({
    checkId: `source_admission:${key.slice(0, 8)}`,
    rule: 'source_admission',
    status: reason ? 'failed' : 'passed',
    subject: key,
    message: reason ?? `${artefactClaims[0].extractor.id} artefact is a permitted source`,
    evidenceClaimIds: reason ? artefactClaims.map((claim) => claim.claimId) : [],
    measures: {},
  }));
  const exceptions = verdicts.flatMap(({ key, claims: artefactClaims, reason }): ExceptionCandidate[] =>
    reason
      ? [
          {
            kind: 'unsupported_claim',
            policy: exception,
            title: `claims of an unpermitted source: ${reason}`,
            subject: `source_admission:${artefactClaims[0].extractor.id}`,
            checkId: `source_admission:${key.slice(0, 8)}`,
            evidenceClaimIds: artefactClaims.map((claim) => claim.claimId),
            details: { artefact: key, reason, sourcePolicyId: policy.policyId },
          },
        ]
      : [],
  );
  const refusedKeys = new Set(verdicts.filter((verdict) => verdict.reason).map((verdict) => verdict.key));
  return {
    admitted: claims.filter((claim) => !refusedKeys.has(claimArtefactKey(claim))),
    refused: claims.filter((claim) => refusedKeys.has(claimArtefactKey(claim))),
    outcome: { results, exceptions },
  };
}

function refusal(
  facts: ArtefactFacts | undefined,
  claim: ValidationClaim,
  policy: SourcePolicy,
): string | undefined {
  if (!facts) {
    return `artefact ${artefactKey(claim.evidence.artefactSha256, claim.evidence.artefactVersion)} is not in the run's inventory`;
  }
  if (!policy.allowedSourceTypes.includes(facts.sourceType))
    return `source type ${facts.sourceType} is not allowed`;
  if (facts.sourceType === 'online' && !originAllowed(facts.origin, policy.allowedOrigins)) {
    return `online origin ${facts.origin ?? '(none)'} is not on the allow-list`;
  }
  if (!policy.sources.some((source) => source.extractor === claim.extractor.id)) {
    return `document family ${claim.extractor.id} is not ranked by ${policy.policyId}`;
  }
  return undefined;
}

function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  const host = origin?.toLowerCase();
  return host !== undefined && allowed.some((domain) => host === domain || host.endsWith(`.${domain}`));
}
