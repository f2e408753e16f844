import type { OperatorAlertRaisedV1 } from '@fai/contracts';
import type { CycleEvent } from './cycle.decider';

/*
 * The operator alerts a cycle raises (ARCHITECTURE.md: alert rules for failed or stalled cycles and
 * missing required artefacts). Each is a platform OperatorAlertRaised in a stream of its own, written
 * with the cycle event it reports; its id derives from that event's id, so it is raised once.
 */

export function operatorAlertStreamId(alertId: string): string {
  return `operator-alert-${alertId}`;
}

/** The alert `event` (stored with id `eventId`) raises, if any. */
export function operatorAlertFor(
  event: CycleEvent,
  eventId: string,
  portfolioId: string | undefined,
): OperatorAlertRaisedV1 | undefined {
  const about = { alertId: `alert-${eventId}`, ...(portfolioId ? { portfolioId } : {}) };
  switch (event.type) {
    case 'CycleStalled': {
      const { cycleId, runId, stage, since, budgetMinutes, stalledMinutes, period } = event.data;
      return {
        ...about,
        kind: 'cycle_stalled',
        severity: 'warning',
        summary: `run ${runId} has been at ${stage} for ${stalledMinutes} min, beyond its ${budgetMinutes} min budget`,
        details: { period, stage, since, budgetMinutes, stalledMinutes },
        cycleId,
        runId,
      };
    }
    case 'RunFailed': {
      const { cycleId, runId, stage, errorCode, diagnostics } = event.data;
      return {
        ...about,
        kind: 'cycle_failed',
        severity: 'critical',
        summary: `run ${runId} failed at ${stage} with ${errorCode}; its publication is blocked`,
        details: { stage, errorCode, diagnostics },
        cycleId,
        runId,
      };
    }
    case 'RunMarkedIncomplete': {
      const { cycleId, runId, missingArtefacts } = event.data;
      return {
        ...about,
        kind: 'artefact_missing',
        severity: 'warning',
        summary: `run ${runId} is incomplete at its cut-off: ${missingArtefacts.length} required artefact(s) missing`,
        details: { missingArtefacts },
        cycleId,
        runId,
      };
    }
    default:
      return undefined;
  }
}
