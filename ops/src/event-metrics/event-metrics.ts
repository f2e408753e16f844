/*
 * Turns the domain events on the bus into the measurements the alert rules and dashboards need:
 * cycle runs and their durations, stalls, runs missing inputs at cut-off, stage failures, exceptions by
 * kind and severity, time-to-close, alerts, evidence coverage, operator alerts and how long they wait
 * for acknowledgement. Pure: `observe(state, event)` → the next state and what to record.
 */

export interface ObservedEvent {
  /** CloudEvents type, e.g. `fai.scheduler.run-failed.v1` (a deployment may use another first token). */
  type: string;
  /** When the event was recorded (CloudEvents `time`). */
  time: string;
  data: Record<string, unknown>;
}

export type CounterName =
  | 'operatorAlertsRaised'
  | 'operatorAlertsAcknowledged'
  | 'runsStarted'
  | 'runsFinished'
  | 'cyclesStalled'
  | 'runsIncomplete'
  | 'stageFailures'
  | 'exceptionsRaised'
  | 'validationAlertsRaised'
  | 'reportsPublished';

export type HistogramName =
  'operatorAlertAckSeconds' | 'runDurationSeconds' | 'exceptionTimeToCloseSeconds' | 'evidenceCoverageRatio';

export type Observation =
  | { kind: 'count'; metric: CounterName; labels: Record<string, string> }
  | { kind: 'sample'; metric: HistogramName; labels: Record<string, string>; value: number };

interface Tracked {
  at: number;
  label: string;
}

/** Open operator alerts and running runs, for the latencies; bounded so a missed ending cannot grow it for ever. */
export interface EventMetricsState {
  openAlerts: ReadonlyMap<string, Tracked>;
  runningRuns: ReadonlyMap<string, Tracked>;
}

export const MAX_TRACKED = 10_000;

export function initialEventMetricsState(): EventMetricsState {
  return { openAlerts: new Map(), runningRuns: new Map() };
}

function track(map: ReadonlyMap<string, Tracked>, key: string, value: Tracked): Map<string, Tracked> {
  const next = new Map(map);
  next.set(key, value);
  // Oldest first, as a Map keeps insertion order.
  for (const oldest of next.keys()) {
    if (next.size <= MAX_TRACKED) break;
    next.delete(oldest);
  }
  return next;
}

function untrack(map: ReadonlyMap<string, Tracked>, key: string): Map<string, Tracked> {
  const next = new Map(map);
  next.delete(key);
  return next;
}

const text = (value: unknown, fallback = 'unknown') =>
  typeof value === 'string' && value !== '' ? value : fallback;
const count = (metric: CounterName, labels: Record<string, string> = {}): Observation => ({
  kind: 'count',
  metric,
  labels,
});
const sample = (metric: HistogramName, value: number, labels: Record<string, string> = {}): Observation => ({
  kind: 'sample',
  metric,
  labels,
  value,
});

/** `fai.scheduler.run-failed.v1` → `scheduler.run-failed`: the deployment's first token and the version do not matter here. */
export function eventKey(type: string): string {
  return type.split('.').slice(1, -1).join('.');
}

export function observe(
  state: EventMetricsState,
  event: ObservedEvent,
): { state: EventMetricsState; observations: Observation[] } {
  const at = Date.parse(event.time);
  const data = event.data;
  const key = eventKey(event.type);
  const unchanged = (observations: Observation[]) => ({ state, observations });
  const stageFailure = /^([a-z]+)\.[a-z-]+-stage-failed$/.exec(key);
  if (stageFailure) {
    return unchanged([count('stageFailures', { context: stageFailure[1], stage: text(data.stage) })]);
  }
  switch (key) {
    case 'platform.operator-alert-raised': {
      const kind = text(data.kind);
      return {
        state: { ...state, openAlerts: track(state.openAlerts, text(data.alertId), { at, label: kind }) },
        observations: [count('operatorAlertsRaised', { kind, severity: text(data.severity) })],
      };
    }
    case 'platform.operator-alert-acknowledged': {
      const alertId = text(data.alertId);
      const raised = state.openAlerts.get(alertId);
      const kind = raised?.label ?? 'unknown';
      return {
        state: { ...state, openAlerts: untrack(state.openAlerts, alertId) },
        observations: [
          count('operatorAlertsAcknowledged', { kind }),
          ...(raised ? [sample('operatorAlertAckSeconds', (at - raised.at) / 1000, { kind })] : []),
        ],
      };
    }
    case 'scheduler.run-started':
      return {
        state: { ...state, runningRuns: track(state.runningRuns, text(data.runId), { at, label: '' }) },
        observations: [count('runsStarted')],
      };
    case 'scheduler.run-completed':
    case 'scheduler.run-failed':
    case 'scheduler.run-superseded': {
      const outcome = key.slice('scheduler.run-'.length);
      const runId = text(data.runId);
      const started = state.runningRuns.get(runId);
      return {
        state: { ...state, runningRuns: untrack(state.runningRuns, runId) },
        observations: [
          count('runsFinished', { outcome, stage: outcome === 'failed' ? text(data.stage) : '' }),
          ...(started ? [sample('runDurationSeconds', (at - started.at) / 1000, { outcome })] : []),
        ],
      };
    }
    case 'scheduler.cycle-stalled':
      return unchanged([count('cyclesStalled', { stage: text(data.stage) })]);
    case 'scheduler.run-marked-incomplete':
      return unchanged([count('runsIncomplete')]);
    case 'validation.exception-raised':
      return unchanged([count('exceptionsRaised', { kind: text(data.kind), severity: text(data.severity) })]);
    case 'validation.exception-resolved':
      return typeof data.timeToCloseSeconds === 'number'
        ? unchanged([
            sample('exceptionTimeToCloseSeconds', data.timeToCloseSeconds, { action: text(data.action) }),
          ])
        : unchanged([]);
    case 'validation.alert-raised':
      return unchanged([count('validationAlertsRaised', { severity: text(data.severity) })]);
    case 'reporting.evidence-pack-built': {
      // A telemetry ratio, not money: a binary float is precise enough for a histogram bucket.
      const coverage = Number(data.evidenceCoverage);
      return unchanged(Number.isFinite(coverage) ? [sample('evidenceCoverageRatio', coverage)] : []);
    }
    case 'reporting.report-published':
      return unchanged([count('reportsPublished')]);
    default:
      return unchanged([]);
  }
}
