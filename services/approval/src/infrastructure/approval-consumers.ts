import {
  createRegistry,
  EVENT_SUBJECT_PREFIX,
  evidencePackBuiltV1,
  FundAlreadyApprovedError,
  FundAlreadyPublishedError,
  memoDraftedV1,
  reportPublishedV1,
  runStartedV1,
  type EvidencePackBuiltV1,
  type MemoDraftedV1,
  type ReportPublishedV1,
  type RunStartedV1,
} from '@fai/contracts';
import type { SqlDatabase, SqlExecutor } from '@fai/event-store';
import {
  contractDecoder,
  DurableEventConsumer,
  type ConsumedEvent,
  type ConsumerLogger,
  type ConsumerTelemetry,
  type DurableEventConsumerOptions,
  type MessageBus,
} from '@fai/messaging';
import type { FundWorkflowCommands } from '../fund-workflow/fund-workflow.commands';
import type { EvidencePacks } from '../evidence/evidence-packs';
import type { KnownRuns } from '../runs/known-runs';

/** The subjects of the events approval consumes. */
export interface ApprovalSources {
  /** The scheduler's RunStarted: each run's operator. */
  runs: string[];
  /** Reporting's MemoDrafted, EvidencePackBuilt and ReportPublished: drafts, their evidence, publications. */
  reports: string[];
}

/**
 * The contracts' subjects with `prefix` as their first token(s): `fai` in deployments,
 * `fai.<unique>` in a test that must stay apart from others.
 */
export function sourcesUnder(prefix: string = EVENT_SUBJECT_PREFIX): ApprovalSources {
  const under = (contract: { subject: string }) => contract.subject.replace(EVENT_SUBJECT_PREFIX, prefix);
  return {
    runs: [under(runStartedV1)],
    reports: [memoDraftedV1, evidencePackBuiltV1, reportPublishedV1].map(under),
  };
}

/** Consumer settings a deployment (or a test) may tune. */
export type ConsumerTuning = Pick<
  DurableEventConsumerOptions,
  'maxDeliver' | 'backoffMs' | 'fetchExpiresMs' | 'lagIntervalMs' | 'drainTimeoutMs' | 'onDeadLetter'
>;

export interface ApprovalConsumersOptions {
  bus: MessageBus;
  db: SqlDatabase;
  schema: string;
  stream: string;
  sources: ApprovalSources;
  workflows: FundWorkflowCommands;
  runs: KnownRuns;
  evidence: EvidencePacks;
  tuning?: ConsumerTuning;
  telemetry?: ConsumerTelemetry;
}

/**
 * Approval's two durable consumers. Both take one message at
 * a time across all replicas (max ack pending 1), so a fund's drafts apply in reporting's order: a
 * redraft never lands before the draft it replaces.
 * - `approval-runs`: RunStarted → the run's operator (table known_run);
 * - `approval-reports`: MemoDrafted → the fund enters draft; EvidencePackBuilt → the memo's evidence
 *   coverage (table memo_evidence); ReportPublished → the fund is published.
 */
export class ApprovalConsumers {
  private readonly consumers: DurableEventConsumer[];

  constructor(private readonly options: ApprovalConsumersOptions) {
    const { bus, db, schema, stream, sources, tuning, telemetry } = options;
    const common = {
      stream,
      schema,
      decode: contractDecoder(createRegistry()),
      telemetry,
      concurrency: 1,
      maxAckPending: 1,
      ...tuning,
    };
    this.consumers = [
      new DurableEventConsumer(bus, db, {
        ...common,
        durable: 'approval-runs',
        filterSubjects: sources.runs,
        handle: (event, tx) => this.recordRun(event, tx),
      }),
      new DurableEventConsumer(bus, db, {
        ...common,
        durable: 'approval-reports',
        filterSubjects: sources.reports,
        handle: (event, tx) => this.applyReport(event, tx),
      }),
    ];
  }

  /** Needs the service's tables (APPROVAL_MIGRATIONS) in place. */
  async start(): Promise<void> {
    for (const consumer of this.consumers) await consumer.start();
  }

  async drain(timeoutMs?: number): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.drain(timeoutMs)));
  }

  private async recordRun(event: ConsumedEvent, tx: SqlExecutor): Promise<void> {
    if (event.name !== runStartedV1.name) return;
    await this.options.runs.record(tx, { data: event.data as RunStartedV1, actor: event.actor });
  }

  private async applyReport(event: ConsumedEvent, tx: SqlExecutor): Promise<void> {
    if (event.name === evidencePackBuiltV1.name)
      return this.options.evidence.record(tx, event.data as EvidencePackBuiltV1);
    if (event.name === reportPublishedV1.name)
      return this.options.workflows.recordReportPublished(event as ConsumedEvent<ReportPublishedV1>, tx);
    if (event.name !== memoDraftedV1.name) return;
    try {
      await this.options.workflows.recordMemoDrafted(event as ConsumedEvent<MemoDraftedV1>, tx);
    } catch (error) {
      // Approval locks the fund for the cycle: a later draft can never apply, so it is dropped, loudly.
      if (!(error instanceof FundAlreadyApprovedError || error instanceof FundAlreadyPublishedError))
        throw error;
      this.logger?.warn('memo draft of a locked fund ignored', {
        eventId: event.id,
        error_code: error.code,
        memoId: (event.data as MemoDraftedV1).memoId,
        ...error.details,
      });
    }
  }

  private get logger(): ConsumerLogger | undefined {
    return this.options.telemetry?.logger;
  }
}
