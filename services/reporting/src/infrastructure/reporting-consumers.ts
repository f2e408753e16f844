import {
  createRegistry,
  EVENT_SUBJECT_PREFIX,
  exceptionsRankedV1,
  fundApprovedV1,
  fundReadyForReportV1,
  fundRejectedV1,
  legalHoldPlacedV1,
  legalHoldReleasedV1,
  sourcePolicySetV1,
  type ExceptionsRankedV1,
  type FundApprovedV1,
  type FundReadyForReportV1,
  type FundRejectedV1,
} from '@fai/contracts';
import { migrate, type SqlDatabase } from '@fai/event-store';
import {
  contractDecoder,
  DurableEventConsumer,
  type ConsumedEvent,
  type ConsumerTelemetry,
  type DurableEventConsumerOptions,
  type MessageBus,
} from '@fai/messaging';
import type { ApprovalEventsHandler } from '../approvals/approval-events.handler';
import type { DraftFundHandler, PreparedDraft } from '../drafting/draft-fund.handler';
import type { StoredOutput } from './output-store';
import type { RunRankedHandler } from '../drafting/run-ranked.handler';
import type { RetentionEventsHandler } from '../retention/retention-events.handler';
import { REPORTING_MIGRATIONS } from './reporting.migrations';

/** The subjects of the events reporting consumes. */
export interface ReportingSources {
  /** Validation's, in validation's order: a run's ready funds, then its ranking. */
  runs: string[];
  approvals: string[];
  /** Ingest's source policies and legal holds: what output retention decides on. */
  retention: string[];
}

/** The contracts' subjects with `prefix` as their first token(s): `fai`, or `fai.<unique>` in a test. */
export function sourcesUnder(prefix: string = EVENT_SUBJECT_PREFIX): ReportingSources {
  const under = (contract: { subject: string }) => contract.subject.replace(EVENT_SUBJECT_PREFIX, prefix);
  return {
    runs: [fundReadyForReportV1, exceptionsRankedV1].map(under),
    approvals: [fundApprovedV1, fundRejectedV1].map(under),
    retention: [sourcePolicySetV1, legalHoldPlacedV1, legalHoldReleasedV1].map(under),
  };
}

/** A draft renders a memo and packs its artefacts: seconds for a large fund. The first delay is also the ack wait. */
export const DRAFT_BACKOFF_MS = [60_000, 120_000, 300_000];

export type ConsumerTuning = Pick<
  DurableEventConsumerOptions,
  | 'maxDeliver'
  | 'backoffMs'
  | 'ackWaitMs'
  | 'fetchExpiresMs'
  | 'lagIntervalMs'
  | 'drainTimeoutMs'
  | 'onDeadLetter'
>;

export interface ReportingConsumersOptions {
  bus: MessageBus;
  db: SqlDatabase;
  schema: string;
  stream: string;
  sources: ReportingSources;
  handlers: {
    drafts: DraftFundHandler;
    ranked: RunRankedHandler;
    approvals: ApprovalEventsHandler;
    retention: RetentionEventsHandler;
  };
  tuning?: ConsumerTuning;
  telemetry?: ConsumerTelemetry;
}

// The decoder validated each event against its contract: its name says which data it carries.
const isReady = (event: ConsumedEvent): event is ConsumedEvent<FundReadyForReportV1> =>
  event.name === fundReadyForReportV1.name;
const asRanked = (event: ConsumedEvent) => event as ConsumedEvent<ExceptionsRankedV1>;

/**
 * Reporting's three ordered durable consumers (one message at a time across replicas):
 * - `reporting-runs`: FundReadyForReport → draft; ExceptionsRanked → the run's report stage. In
 *   order, so every fund ready before the ranking is drafted when the ranking is handled;
 * - `reporting-approvals`: FundApproved / FundRejected → what publish-fund checks;
 * - `reporting-retention`: ingest's SourcePolicySet, LegalHoldPlaced / LegalHoldReleased → what
 *   output retention decides on.
 */
export class ReportingConsumers {
  private readonly consumers: Array<Pick<DurableEventConsumer, 'start' | 'drain'>>;

  constructor(private readonly options: ReportingConsumersOptions) {
    const { bus, db, schema, stream, sources, handlers, tuning, telemetry } = options;
    const decode = contractDecoder(createRegistry());
    const common = { stream, schema, decode, telemetry, concurrency: 1, maxAckPending: 1, ...tuning };
    this.consumers = [
      new DurableEventConsumer<ConsumedEvent, PreparedDraft | StoredOutput>(bus, db, {
        ...common,
        backoffMs: tuning?.backoffMs ?? DRAFT_BACKOFF_MS,
        durable: 'reporting-runs',
        filterSubjects: sources.runs,
        prepare: (event) =>
          isReady(event) ? handlers.drafts.prepare(event) : handlers.ranked.prepare(asRanked(event)),
        handle: (event, tx, prepared) =>
          isReady(event)
            ? handlers.drafts.handle(event, tx, prepared as PreparedDraft)
            : handlers.ranked.handle(asRanked(event), tx, prepared as StoredOutput),
      }),
      new DurableEventConsumer(bus, db, {
        ...common,
        durable: 'reporting-approvals',
        filterSubjects: sources.approvals,
        handle: (event, tx) =>
          handlers.approvals.handle(event as ConsumedEvent<FundApprovedV1 | FundRejectedV1>, tx),
      }),
      new DurableEventConsumer(bus, db, {
        ...common,
        durable: 'reporting-retention',
        filterSubjects: sources.retention,
        handle: (event, tx) => handlers.retention.handle(event, tx),
      }),
    ];
  }

  async start(): Promise<void> {
    await migrate(this.options.db, this.options.schema, REPORTING_MIGRATIONS);
    for (const consumer of this.consumers) await consumer.start();
  }

  async drain(timeoutMs?: number): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.drain(timeoutMs)));
  }
}
