import type { AlertRaisedV1, ExceptionRaisedV1 } from '@fai/contracts';
import type { ExceptionCandidate } from '../checks/check-result';
import { claimArtefactKey, type ValidationClaim } from '../claims/validation-claim';
import type { Delta, UnscoredDelta } from '../deltas/delta';
import type { Field } from '../fields/field';
import type { ExceptionPolicy, PinnedPolicies, Severity } from '../policies/policy-types';
import { addHours } from '../shared/dates';
import { deterministicId } from '../shared/deterministic-id';
import { decideAlert } from './alert-decision';
import {
  deltaMagnitude,
  deltaSeverity,
  evidenceConfidence,
  exceptionMagnitude,
  persistenceScore,
  score,
  type MagnitudeScore,
  type Materiality,
} from './materiality-score';

/** A finding's identity across cycles and how many consecutive cycles it has been seen. */
export interface Finding {
  fingerprint: string;
  consecutiveCycles: number;
}

export interface RunScope {
  portfolioId: string;
  cycleId: string;
  runId: string;
  now: Date;
}

export interface FundFindings {
  exceptions: ExceptionRaisedV1[];
  deltas: Delta[];
  alerts: AlertRaisedV1[];
  findings: Finding[];
}

interface Scored {
  candidate: ExceptionCandidate;
  fingerprint: string;
  materiality: Materiality;
}

/**
 * Rank stage for one fund: score every exception candidate and delta with the pinned materiality
 * policy, then decide alerts. A delta that crosses the threshold on supported evidence is a
 * material change (an exception for the reviewer) and an alert; crossing on weak evidence gives
 * a needs_verification exception and no alert. Exception ids derive from the run and the
 * finding's fingerprint, so a replay raises the same ids.
 */
export function rankFindings(
  run: RunScope,
  fund: {
    fundId: string;
    candidates: readonly ExceptionCandidate[];
    deltas: readonly UnscoredDelta[];
    fields: readonly Field[];
    claims: ReadonlyMap<string, ValidationClaim>;
    priorFindings: ReadonlyMap<string, number>;
  },
  policies: PinnedPolicies,
): FundFindings {
  const materiality = policies.materiality.document;
  const sources = policies.sourcePolicy.document;
  const claimsOf = (ids: readonly string[]) => ids.flatMap((id) => fund.claims.get(id) ?? []);
  const cycles = (fingerprint: string) => (fund.priorFindings.get(fingerprint) ?? 0) + 1;
  const persistence = (fingerprint: string, claims: readonly ValidationClaim[]) =>
    persistenceScore(
      { consecutiveCycles: cycles(fingerprint), sources: new Set(claims.map(claimArtefactKey)).size },
      materiality,
    );
  const resolvedFields = new Set(
    fund.fields.filter((field) => field.resolvedByExceptionId).map((field) => field.key),
  );

  const scoredCandidates = withUniqueFingerprints(fund.fundId, fund.candidates).map(
    ({ candidate, fingerprint }) => {
      const claims = claimsOf(candidate.evidenceClaimIds);
      const confidence = evidenceConfidence({ claims }, materiality, sources);
      const item = score(
        candidate.policy.severity,
        exceptionMagnitude(candidate, materiality),
        confidence,
        persistence(fingerprint, claims),
        materiality,
      );
      const alert = decideAlert(
        {
          materiality: item,
          evidenceClaimIds: candidate.evidenceClaimIds,
          confidence,
          alertable: materiality.alert.exceptionKinds.includes(candidate.kind),
        },
        materiality,
      );
      return { scored: { candidate, fingerprint, materiality: item }, alert };
    },
  );

  const scoredDeltas = fund.deltas.map((unscored) => {
    const claims = claimsOf(unscored.evidenceClaimIds);
    const fingerprint = `${fund.fundId}|delta|${unscored.fieldKey}`;
    const { severity, note } = deltaSeverity(unscored, materiality);
    const magnitude: MagnitudeScore = deltaMagnitude(unscored, materiality);
    const confidence = evidenceConfidence(
      { claims, contradicted: resolvedFields.has(unscored.fieldKey) },
      materiality,
      sources,
    );
    const delta: Delta = {
      ...unscored,
      materiality: score(severity, magnitude, confidence, persistence(fingerprint, claims), materiality),
    };
    const alert = decideAlert(
      {
        materiality: delta.materiality,
        evidenceClaimIds: delta.evidenceClaimIds,
        confidence,
        alertable: true,
      },
      materiality,
    );
    return { delta, fingerprint, note, alert };
  });

  const needsVerification = (severity: Severity): ExceptionPolicy => ({
    severity,
    blocking: materiality.needsVerification.blocking,
  });
  const followUps: Scored[] = [
    ...scoredCandidates.flatMap(({ scored, alert }): Scored[] =>
      alert.decision === 'needs_verification'
        ? [
            {
              fingerprint: `${scored.fingerprint}|needs_verification`,
              materiality: scored.materiality,
              candidate: {
                ...scored.candidate,
                kind: 'needs_verification',
                policy: needsVerification(scored.materiality.severity),
                title: `verify before escalating: ${scored.candidate.title}`,
                subject: `needs_verification:${scored.candidate.subject}`,
                details: { ...scored.candidate.details, reason: alert.reason },
              },
            },
          ]
        : [],
    ),
    ...scoredDeltas.flatMap(({ delta, fingerprint, note, alert }): Scored[] => {
      if (alert.decision === 'none') return [];
      const material = alert.decision === 'alert';
      return [
        {
          fingerprint: `${fingerprint}|${material ? 'material_change' : 'needs_verification'}`,
          materiality: delta.materiality,
          candidate: {
            kind: material ? 'material_change' : 'needs_verification',
            policy: material
              ? { severity: delta.materiality.severity, blocking: materiality.materialChange.blocking }
              : needsVerification(delta.materiality.severity),
            title: `${delta.fieldKey} ${describeChange(delta)}`,
            subject: `delta:${delta.fieldKey}`,
            fieldKey: delta.fieldKey,
            deltaId: delta.deltaId,
            evidenceClaimIds: delta.evidenceClaimIds,
            details: {
              category: delta.category,
              change: delta.change,
              ...(note !== undefined && { severityRule: note }),
              ...(alert.decision === 'needs_verification' && { reason: alert.reason }),
            },
          },
        },
      ];
    }),
  ];

  const exceptions = [...scoredCandidates.map(({ scored }) => scored), ...followUps].map((scored) =>
    raisedException(run, fund.fundId, scored, materiality.slaHours),
  );
  const exceptionIdOf = new Map(
    exceptions.map((exception) => [exception.fingerprint, exception.exceptionId]),
  );
  const alerts: AlertRaisedV1[] = [
    ...scoredCandidates
      .filter(({ alert }) => alert.decision === 'alert')
      .map(({ scored }) =>
        alertOf(run, fund.fundId, {
          subject: { kind: 'exception', id: exceptionIdOf.get(scored.fingerprint) as string },
          severity: scored.materiality.severity,
          title: scored.candidate.title,
          evidenceClaimIds: scored.candidate.evidenceClaimIds,
          materiality: scored.materiality,
        }),
      ),
    ...scoredDeltas
      .filter(({ alert }) => alert.decision === 'alert')
      .map(({ delta, fingerprint }) =>
        alertOf(run, fund.fundId, {
          subject: { kind: 'delta', id: delta.deltaId },
          exceptionId: exceptionIdOf.get(`${fingerprint}|material_change`),
          category: delta.category,
          severity: delta.materiality.severity,
          title: `${delta.fieldKey} ${describeChange(delta)}`,
          evidenceClaimIds: delta.evidenceClaimIds,
          materiality: delta.materiality,
        }),
      ),
  ];
  return {
    exceptions,
    deltas: scoredDeltas.map(({ delta }) => delta),
    alerts,
    findings: [
      ...exceptions.map((exception) => exception.fingerprint),
      ...scoredDeltas.map(({ fingerprint }) => fingerprint),
    ].map((fingerprint) => ({ fingerprint, consecutiveCycles: cycles(fingerprint) })),
  };
}

/** `fund|kind|subject`; two findings with one subject in a run (two documents of a family) add their check id. */
function withUniqueFingerprints(
  fundId: string,
  candidates: readonly ExceptionCandidate[],
): Array<{ candidate: ExceptionCandidate; fingerprint: string }> {
  const base = (candidate: ExceptionCandidate) => `${fundId}|${candidate.kind}|${candidate.subject}`;
  const counts = new Map<string, number>();
  for (const candidate of candidates) counts.set(base(candidate), (counts.get(base(candidate)) ?? 0) + 1);
  return candidates.map((candidate) => ({
    candidate,
    fingerprint:
      (counts.get(base(candidate)) ?? 0) > 1
        ? `${base(candidate)}|${candidate.checkId ?? candidate.fieldKey}`
        : base(candidate),
  }));
}

function raisedException(
  run: RunScope,
  fundId: string,
  { candidate, fingerprint, materiality }: Scored,
  slaHours: Record<Severity, number>,
): ExceptionRaisedV1 {
  const severity = candidate.policy.severity;
  const at = run.now.toISOString();
  return {
    exceptionId: deterministicId('exc', run.runId, fingerprint),
    portfolioId: run.portfolioId,
    cycleId: run.cycleId,
    runId: run.runId,
    fundId,
    kind: candidate.kind,
    severity,
    blocking: candidate.policy.blocking,
    requiresReviewerDecision: candidate.kind === 'contradiction' && severity === 'high',
    title: candidate.title,
    fingerprint,
    ...(candidate.fieldKey !== undefined && { fieldKey: candidate.fieldKey }),
    ...(candidate.checkId !== undefined && { checkId: candidate.checkId }),
    ...(candidate.deltaId !== undefined && { deltaId: candidate.deltaId }),
    evidenceClaimIds: candidate.evidenceClaimIds,
    details: candidate.details,
    ...(candidate.suggestion !== undefined && { suggestion: candidate.suggestion }),
    ...(candidate.choices !== undefined && { choices: candidate.choices }),
    materiality: { ...materiality, severity },
    slaDueAt: addHours(at, slaHours[severity]),
    at,
  };
}

function alertOf(
  run: RunScope,
  fundId: string,
  alert: Pick<AlertRaisedV1, 'subject' | 'severity' | 'title' | 'evidenceClaimIds' | 'materiality'> &
    Partial<Pick<AlertRaisedV1, 'exceptionId' | 'category'>>,
): AlertRaisedV1 {
  return {
    alertId: deterministicId('alert', run.runId, alert.subject.kind, alert.subject.id),
    portfolioId: run.portfolioId,
    cycleId: run.cycleId,
    runId: run.runId,
    fundId,
    subject: alert.subject,
    ...(alert.exceptionId !== undefined && { exceptionId: alert.exceptionId }),
    ...(alert.category !== undefined && { category: alert.category }),
    severity: alert.severity,
    title: alert.title,
    evidenceClaimIds: alert.evidenceClaimIds,
    materiality: alert.materiality,
    at: run.now.toISOString(),
  };
}

function describeChange(delta: Delta): string {
  const bps = delta.magnitude.bps !== undefined ? ` (${delta.magnitude.bps} bps)` : '';
  const relative =
    delta.magnitude.relativePercent !== undefined && !bps ? ` (${delta.magnitude.relativePercent} %)` : '';
  if (delta.change === 'added') return `added: ${delta.after?.value} ${delta.after?.unit}`;
  if (delta.change === 'removed')
    return `no longer stated (was ${delta.before?.value} ${delta.before?.unit})`;
  return `${delta.change}: ${delta.before?.value} → ${delta.after?.value} ${delta.after?.unit}${bps}${relative}`;
}
