import type { ExceptionRaisedV1 } from '@fai/contracts';
import type { LoadedPolicy, MaterialityPolicy, RulesetPolicy } from './policies/policy-types';
import { compareText } from './shared/ordering';
import { validateRun, type ValidationRunInput, type ValidationRunOutput } from './validation-run';

/** A ruleset or materiality version an administrator considers activating. */
export interface CandidatePolicies {
  ruleset?: LoadedPolicy<RulesetPolicy>;
  materiality?: LoadedPolicy<MaterialityPolicy>;
}

export interface ChangedFinding {
  fundId: string;
  fingerprint: string;
  kind: ExceptionRaisedV1['kind'];
  severity: ExceptionRaisedV1['severity'];
  title: string;
}

export interface AlertChange {
  fundId: string;
  subject: string;
  severity: string;
  title: string;
}

export interface CycleDryRun {
  cycleId: string;
  runId: string;
  exceptionsAdded: ChangedFinding[];
  exceptionsRemoved: ChangedFinding[];
  /** Raised under both, with another severity or blocking flag. */
  exceptionsReclassified: Array<
    ChangedFinding & {
      before: { severity: string; blocking: boolean };
      after: { severity: string; blocking: boolean };
    }
  >;
  alertsAdded: AlertChange[];
  alertsRemoved: AlertChange[];
}

export interface DryRunReport {
  candidate: { rulesetId?: string; materialityId?: string };
  cycles: CycleDryRun[];
  totals: { exceptionsAdded: number; exceptionsRemoved: number; alertsAdded: number; alertsRemoved: number };
}

/**
 * What a candidate ruleset or materiality version would have changed in past cycles: each
 * cycle's inputs validated under its pinned versions and again with the candidate in their
 * place, compared by finding fingerprint. Pure: it reports and emits nothing.
 */
export function dryRun(
  candidate: CandidatePolicies,
  pastCycles: readonly ValidationRunInput[],
): DryRunReport {
  const cycles = pastCycles.map((input) => {
    const pinned = validateRun(input);
    const proposed = validateRun({
      ...input,
      policies: {
        ...input.policies,
        ...(candidate.ruleset && { ruleset: candidate.ruleset }),
        ...(candidate.materiality && { materiality: candidate.materiality }),
      },
    });
    return compareRuns(pinned, proposed);
  });
  return {
    candidate: {
      ...(candidate.ruleset && { rulesetId: candidate.ruleset.document.policyId }),
      ...(candidate.materiality && { materialityId: candidate.materiality.document.policyId }),
    },
    cycles,
    totals: {
      exceptionsAdded: cycles.reduce((total, cycle) => total + cycle.exceptionsAdded.length, 0),
      exceptionsRemoved: cycles.reduce((total, cycle) => total + cycle.exceptionsRemoved.length, 0),
      alertsAdded: cycles.reduce((total, cycle) => total + cycle.alertsAdded.length, 0),
      alertsRemoved: cycles.reduce((total, cycle) => total + cycle.alertsRemoved.length, 0),
    },
  };
}

function compareRuns(pinned: ValidationRunOutput, proposed: ValidationRunOutput): CycleDryRun {
  const before = new Map(pinned.exceptions.map((exception) => [exception.fingerprint, exception]));
  const after = new Map(proposed.exceptions.map((exception) => [exception.fingerprint, exception]));
  const finding = (exception: ExceptionRaisedV1): ChangedFinding => ({
    fundId: exception.fundId,
    fingerprint: exception.fingerprint,
    kind: exception.kind,
    severity: exception.severity,
    title: exception.title,
  });
  const alertKey = (output: ValidationRunOutput) =>
    new Map(
      output.alerts.map((alert) => {
        const subject =
          alert.subject.kind === 'exception'
            ? (output.exceptions.find((exception) => exception.exceptionId === alert.subject.id)
                ?.fingerprint ?? alert.subject.id)
            : alert.subject.id;
        return [subject, { fundId: alert.fundId, subject, severity: alert.severity, title: alert.title }];
      }),
    );
  const alertsBefore = alertKey(pinned);
  const alertsAfter = alertKey(proposed);
  const byFingerprint = (a: { fingerprint: string }, b: { fingerprint: string }) =>
    compareText(a.fingerprint, b.fingerprint);
  const bySubject = (a: AlertChange, b: AlertChange) => compareText(a.subject, b.subject);
  return {
    cycleId: pinned.cycleId,
    runId: pinned.runId,
    exceptionsAdded: [...after.values()]
      .filter((e) => !before.has(e.fingerprint))
      .map(finding)
      .sort(byFingerprint),
    exceptionsRemoved: [...before.values()]
      .filter((e) => !after.has(e.fingerprint))
      .map(finding)
      .sort(byFingerprint),
    exceptionsReclassified: [...after.values()]
      .flatMap((now) => {
        const was = before.get(now.fingerprint);
        return was && (was.severity !== now.severity || was.blocking !== now.blocking)
          ? [
              {
                ...finding(now),
                before: { severity: was.severity, blocking: was.blocking },
                after: { severity: now.severity, blocking: now.blocking },
              },
            ]
          : [];
      })
      .sort(byFingerprint),
    alertsAdded: [...alertsAfter.entries()]
      .filter(([key]) => !alertsBefore.has(key))
      .map(([, alert]) => alert)
      .sort(bySubject),
    alertsRemoved: [...alertsBefore.entries()]
      .filter(([key]) => !alertsAfter.has(key))
      .map(([, alert]) => alert)
      .sort(bySubject),
  };
}
