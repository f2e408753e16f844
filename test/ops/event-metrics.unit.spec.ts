import {
  eventKey,
  initialEventMetricsState,
  MAX_TRACKED,
  observe,
  type EventMetricsState,
  type ObservedEvent,
  type Observation,
} from '../../ops/src/event-metrics/event-metrics';

const event = (type: string, time: string, data: Record<string, unknown>): ObservedEvent => ({
  type: `fai.${type}.v1`,
  time,
  data,
});

/** Given these events were seen, when this one arrives, then these are recorded. */
function given(history: ObservedEvent[]) {
  const state = history.reduce((current, past) => observe(current, past).state, initialEventMetricsState());
  return {
    when: (next: ObservedEvent) => ({
      then: (expected: Observation[]) => expect(observe(state, next).observations).toEqual(expected),
      state: (): EventMetricsState => observe(state, next).state,
    }),
  };
}

const raised = event('platform.operator-alert-raised', '2026-11-02T10:00:00Z', {
  alertId: 'a1',
  kind: 'cycle_stalled',
  severity: 'warning',
});
const started = event('scheduler.run-started', '2026-11-02T08:00:00Z', { runId: 'r1' });

describe('event metrics', () => {
  it('names an event without its deployment prefix and version', () => {
    expect(eventKey('fai.scheduler.run-failed.v1')).toBe('scheduler.run-failed');
    expect(eventKey('e2e_x.platform.operator-alert-raised.v2')).toBe('platform.operator-alert-raised');
  });

  it('counts an operator alert by kind and severity', () => {
    given([])
      .when(raised)
      .then([
        {
          kind: 'count',
          metric: 'operatorAlertsRaised',
          labels: { kind: 'cycle_stalled', severity: 'warning' },
        },
      ]);
  });

  it('measures acknowledgement latency from the alert it acknowledges', () => {
    given([raised])
      .when(
        event('platform.operator-alert-acknowledged', '2026-11-02T10:15:00Z', { alertId: 'a1', actor: 'u' }),
      )
      .then([
        { kind: 'count', metric: 'operatorAlertsAcknowledged', labels: { kind: 'cycle_stalled' } },
        { kind: 'sample', metric: 'operatorAlertAckSeconds', labels: { kind: 'cycle_stalled' }, value: 900 },
      ]);
  });

  it('counts an acknowledgement of an alert raised before it started, without a latency', () => {
    given([])
      .when(
        event('platform.operator-alert-acknowledged', '2026-11-02T10:15:00Z', { alertId: 'old', actor: 'u' }),
      )
      .then([{ kind: 'count', metric: 'operatorAlertsAcknowledged', labels: { kind: 'unknown' } }]);
  });

  it('measures a failed run from its start, with the failed stage', () => {
    given([started])
      .when(
        event('scheduler.run-failed', '2026-11-02T09:30:00Z', {
          runId: 'r1',
          stage: 'extract',
          errorCode: 'X',
        }),
      )
      .then([
        { kind: 'count', metric: 'runsFinished', labels: { outcome: 'failed', stage: 'extract' } },
        { kind: 'sample', metric: 'runDurationSeconds', labels: { outcome: 'failed' }, value: 5400 },
      ]);
  });

  it('stops tracking a run once it ends', () => {
    const ended = given([started])
      .when(event('scheduler.run-completed', '2026-11-02T09:00:00Z', { runId: 'r1' }))
      .state();
    expect(ended.runningRuns.size).toBe(0);
  });

  it('counts stage failures of every context by the event name pattern', () => {
    given([])
      .when(
        event('extraction.extraction-stage-failed', '2026-11-02T09:00:00Z', {
          runId: 'r1',
          stage: 'extract',
        }),
      )
      .then([
        { kind: 'count', metric: 'stageFailures', labels: { context: 'extraction', stage: 'extract' } },
      ]);
  });

  it('records stalls, missing inputs, exceptions, time to close, alerts, coverage and publications', () => {
    const at = '2026-11-02T09:00:00Z';
    const cases: Array<[ObservedEvent, Observation[]]> = [
      [
        event('scheduler.cycle-stalled', at, { stage: 'ingest' }),
        [{ kind: 'count', metric: 'cyclesStalled', labels: { stage: 'ingest' } }],
      ],
      [
        event('scheduler.run-marked-incomplete', at, {}),
        [{ kind: 'count', metric: 'runsIncomplete', labels: {} }],
      ],
      [
        event('validation.exception-raised', at, { kind: 'conflicting_sources', severity: 'high' }),
        [
          {
            kind: 'count',
            metric: 'exceptionsRaised',
            labels: { kind: 'conflicting_sources', severity: 'high' },
          },
        ],
      ],
      [
        event('validation.exception-resolved', at, { action: 'accept', timeToCloseSeconds: 7200 }),
        [
          {
            kind: 'sample',
            metric: 'exceptionTimeToCloseSeconds',
            labels: { action: 'accept' },
            value: 7200,
          },
        ],
      ],
      [
        event('validation.alert-raised', at, { severity: 'high' }),
        [{ kind: 'count', metric: 'validationAlertsRaised', labels: { severity: 'high' } }],
      ],
      [
        event('reporting.evidence-pack-built', at, { evidenceCoverage: '0.9500' }),
        [{ kind: 'sample', metric: 'evidenceCoverageRatio', labels: {}, value: 0.95 }],
      ],
      [
        event('reporting.report-published', at, {}),
        [{ kind: 'count', metric: 'reportsPublished', labels: {} }],
      ],
      [event('ingest.artefact-ingested', at, {}), []],
    ];
    for (const [next, expected] of cases) given([]).when(next).then(expected);
  });

  it('keeps at most MAX_TRACKED open alerts, forgetting the oldest', () => {
    const full: EventMetricsState = {
      ...initialEventMetricsState(),
      openAlerts: new Map(
        Array.from({ length: MAX_TRACKED }, (_, index) => [`a${index}`, { at: 0, label: 'dead_letter' }]),
      ),
    };
    const { openAlerts } = observe(full, { ...raised, data: { ...raised.data, alertId: 'fresh' } }).state;
    expect(openAlerts.size).toBe(MAX_TRACKED);
    expect(openAlerts.has('a0')).toBe(false);
    expect(openAlerts.get('a1')).toEqual({ at: 0, label: 'dead_letter' });
    expect(openAlerts.get('fresh')).toEqual({ at: Date.parse(raised.time), label: 'cycle_stalled' });
  });
});
