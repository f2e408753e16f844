import { Counter, Histogram, type Registry } from 'prom-client';
import type { CounterName, HistogramName, Observation } from './event-metrics';

const MINUTES = [60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400];
const HOURS = [300, 900, 1800, 3600, 7200, 14400, 43200, 86400, 172800, 604800];

/** The Prometheus metrics of the event-metrics exporter, on the given registry. */
export class EventMetricsRegistry {
  private readonly counters: Record<CounterName, Counter<string>>;
  private readonly histograms: Record<HistogramName, Histogram<string>>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.counters = {
      operatorAlertsRaised: new Counter({
        name: 'fai_operator_alerts_raised_total',
        help: 'OperatorAlertRaised events by kind (cycle_failed, cycle_stalled, artefact_missing, dead_letter, publication_not_approved, ...) and severity',
        labelNames: ['kind', 'severity'],
        registers,
      }),
      operatorAlertsAcknowledged: new Counter({
        name: 'fai_operator_alerts_acknowledged_total',
        help: 'OperatorAlertAcknowledged events, by the kind of the alert acknowledged',
        labelNames: ['kind'],
        registers,
      }),
      runsStarted: new Counter({ name: 'fai_runs_started_total', help: 'Cycle runs started', registers }),
      runsFinished: new Counter({
        name: 'fai_runs_finished_total',
        help: 'Cycle runs that completed, failed (with the failed stage) or were superseded',
        labelNames: ['outcome', 'stage'],
        registers,
      }),
      cyclesStalled: new Counter({
        name: 'fai_cycles_stalled_total',
        help: 'CycleStalled events: a run over its stage budget, by stage',
        labelNames: ['stage'],
        registers,
      }),
      runsIncomplete: new Counter({
        name: 'fai_runs_incomplete_total',
        help: 'Runs marked incomplete at cut-off because required artefacts were missing',
        registers,
      }),
      stageFailures: new Counter({
        name: 'fai_stage_failures_total',
        help: '<Context>StageFailed events, by context and stage',
        labelNames: ['context', 'stage'],
        registers,
      }),
      exceptionsRaised: new Counter({
        name: 'fai_exceptions_raised_total',
        help: 'Validation exceptions raised, by kind and severity',
        labelNames: ['kind', 'severity'],
        registers,
      }),
      validationAlertsRaised: new Counter({
        name: 'fai_validation_alerts_raised_total',
        help: 'Material-change alerts raised by validation, by severity',
        labelNames: ['severity'],
        registers,
      }),
      reportsPublished: new Counter({
        name: 'fai_reports_published_total',
        help: 'Reports published',
        registers,
      }),
    };
    this.histograms = {
      operatorAlertAckSeconds: new Histogram({
        name: 'fai_operator_alert_ack_seconds',
        help: 'Time from an operator alert to its acknowledgement, by kind',
        labelNames: ['kind'],
        buckets: MINUTES,
        registers,
      }),
      runDurationSeconds: new Histogram({
        name: 'fai_run_duration_seconds',
        help: 'Time from RunStarted to the run completing, failing or being superseded',
        labelNames: ['outcome'],
        buckets: HOURS,
        registers,
      }),
      exceptionTimeToCloseSeconds: new Histogram({
        name: 'fai_exception_time_to_close_seconds',
        help: 'Time from an exception being raised to its resolution, by the reviewer action',
        labelNames: ['action'],
        buckets: HOURS,
        registers,
      }),
      evidenceCoverageRatio: new Histogram({
        name: 'fai_evidence_coverage_ratio',
        help: 'Evidence coverage of each evidence pack built (figures traced to a claim and artefact / figures)',
        buckets: [0.5, 0.75, 0.9, 0.95, 0.99, 1],
        registers,
      }),
    };
  }

  record(observation: Observation): void {
    if (observation.kind === 'count') this.counters[observation.metric].inc(observation.labels);
    else this.histograms[observation.metric].observe(observation.labels, observation.value);
  }
}
