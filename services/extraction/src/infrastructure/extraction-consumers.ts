import {
  artefactIngestedV1,
  createRegistry,
  EVENT_SUBJECT_PREFIX,
  inventoryArtefactReceivedV1,
  inventoryCompletedV1,
  portfolioChangedV1,
  portfolioRegisteredV1,
} from '@fai/contracts';
import { migrate, type SqlDatabase } from '@fai/event-store';
import {
  contractDecoder,
  DurableEventConsumer,
  type ConsumerTelemetry,
  type DurableEventConsumerOptions,
  type MessageBus,
} from '@fai/messaging';
import type { ExtractArtefactHandler } from '../artefact-extraction/extract-artefact.handler';
import type { PortfolioRegistryHandler } from '../fund-resolution/portfolio-registry.handler';
import type { RunInventoryHandler } from '../run-completion/run-inventory.handler';
import { EXTRACTION_MIGRATIONS } from './extraction.migrations';

/** The subjects of the events extraction consumes. */
export interface ExtractionSources {
  artefactIngested: string;
  /** What the ordered run-inventory consumer reads, in ingest's order. */
  runInventory: string[];
  /** What the ordered fund-registry consumer reads, in the scheduler's order. */
  portfolios: string[];
}

/**
 * The contracts' subjects (`fai.ingest.artefact-ingested.v1`, ...) with `prefix` as their first
 * token(s): `fai` in deployments, `fai.<unique>` in a test that must stay apart from others.
 * Consumers list exact subjects, so other events of the same service are acknowledged unread
 * (never decoded, never dead-lettered for a contract this version does not know).
 */
export function sourcesUnder(prefix: string = EVENT_SUBJECT_PREFIX): ExtractionSources {
  const under = (contract: { subject: string }) => contract.subject.replace(EVENT_SUBJECT_PREFIX, prefix);
  return {
    artefactIngested: under(artefactIngestedV1),
    runInventory: [artefactIngestedV1, inventoryArtefactReceivedV1, inventoryCompletedV1].map(under),
    portfolios: [portfolioRegisteredV1, portfolioChangedV1].map(under),
  };
}

/**
 * Extracting a large filing keeps the event loop busy for seconds at a stretch, so the message's
 * keep-alive cannot run meanwhile: the first delay, which NATS 2.9 also takes as the ack wait,
 * must outlast the slowest extraction. Later ones space out retries after transient failures.
 */
export const EXTRACTION_BACKOFF_MS = [60_000, 120_000, 300_000, 600_000];

/** Consumer settings a deployment (or a test) may tune. */
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

export interface ExtractionConsumersOptions {
  bus: MessageBus;
  db: SqlDatabase;
  schema: string;
  stream: string;
  sources: ExtractionSources;
  /** Artefacts extracted at once by this replica. */
  concurrency: number;
  handlers: {
    extract: ExtractArtefactHandler;
    runs: RunInventoryHandler;
    portfolios: PortfolioRegistryHandler;
  };
  tuning?: ConsumerTuning;
  telemetry?: ConsumerTelemetry;
}

/**
 * Extraction's three durable consumers, started after its tables are migrated:
 * - `extraction`: ArtefactIngested → extract, concurrently (the heavy work);
 * - `extraction-runs`: ingest's events in order → each run's inventory;
 * - `extraction-funds`: the scheduler's events in order → portfolios' fund identifiers.
 * The ordered ones take one message at a time across all replicas (max ack pending 1).
 */
export class ExtractionConsumers {
  private readonly consumers: Array<Pick<DurableEventConsumer, 'start' | 'drain'>>;

  constructor(private readonly options: ExtractionConsumersOptions) {
    const { bus, db, schema, stream, sources, handlers, tuning, telemetry } = options;
    const decode = contractDecoder(createRegistry());
    const common = { stream, schema, decode, telemetry, ...tuning };
    const ordered = { concurrency: 1, maxAckPending: 1 };
    this.consumers = [
      new DurableEventConsumer(bus, db, {
        ...common,
        backoffMs: tuning?.backoffMs ?? EXTRACTION_BACKOFF_MS,
        durable: 'extraction',
        filterSubjects: [sources.artefactIngested],
        concurrency: options.concurrency,
        prepare: (event) => handlers.extract.prepare(event),
        handle: (event, tx, prepared) => handlers.extract.handle(event, tx, prepared),
      }),
      new DurableEventConsumer(bus, db, {
        ...common,
        ...ordered,
        durable: 'extraction-runs',
        filterSubjects: sources.runInventory,
        // A rerun's carried-over artefact with corrupted bytes is read again before its run counts it.
        prepare: (event) => handlers.extract.prepareReread(event),
        handle: async (event, tx, prepared) => {
          await handlers.runs.handle(event, tx);
          await handlers.extract.handle(event, tx, prepared);
        },
      }),
      new DurableEventConsumer(bus, db, {
        ...common,
        ...ordered,
        durable: 'extraction-funds',
        filterSubjects: sources.portfolios,
        handle: (event, tx) => handlers.portfolios.handle(event, tx),
      }),
    ];
  }

  async start(): Promise<void> {
    await migrate(this.options.db, this.options.schema, EXTRACTION_MIGRATIONS);
    for (const consumer of this.consumers) await consumer.start();
  }

  async drain(timeoutMs?: number): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.drain(timeoutMs)));
  }
}
