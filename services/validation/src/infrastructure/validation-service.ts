import {
  activatePolicyV1,
  actOnExceptionV1,
  createRegistry,
  dryRunPolicyV1,
  EVENT_SUBJECT_PREFIX,
  getExceptionQueueV1,
  getFundReviewV1,
} from '@fai/contracts';
import { migrate, type EventStore, type SqlDatabase } from '@fai/event-store';
import {
  contractDecoder,
  DurableEventConsumer,
  type CommandClient,
  type ConsumerTelemetry,
  type DurableEventConsumerOptions,
  type MessageBus,
} from '@fai/messaging';
import { route, type CommandRoute } from '@fai/service-kit';
import { ConsumedFactsHandler, CONSUMED_CONTRACTS } from '../consumed/consumed-facts.handler';
import { ExceptionActionsHandler } from '../exceptions/exception-actions.handler';
import type { PolicyCatalogue } from '../policies/policy-catalogue';
import { PolicyRegistryHandler } from '../policies/policy-registry.handler';
import { DryRunQuery } from '../queries/dry-run.query';
import { ExceptionQueueQuery } from '../queries/exception-queue.query';
import { FundReviewQuery } from '../queries/fund-review.query';
import { RunValidationHandler } from '../run-validation/run-validation.handler';
import { VALIDATION_MIGRATIONS } from './validation.migrations';
import { ValidationTables } from './validation-tables';

/** The contracts' event subjects with `prefix` as their first token(s): `fai`, or `fai.<unique>` in a test. */
export function consumedSubjects(prefix: string = EVENT_SUBJECT_PREFIX): string[] {
  return CONSUMED_CONTRACTS.map((contract) => contract.subject.replace(EVENT_SUBJECT_PREFIX, prefix));
}

/**
 * The first delay is also the ack wait (NATS 2.9): it must outlast fetching a large run's claims
 * and validating them. Later ones space out retries while extraction is unreachable.
 */
export const VALIDATION_BACKOFF_MS = [60_000, 120_000, 300_000, 600_000];

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

export interface ValidationServiceOptions {
  db: SqlDatabase;
  store: EventStore;
  schema: string;
  /** Where the consumer subscribes: JetStream, or the embedded runtime's in-process bus. */
  bus: MessageBus;
  stream: string;
  /** The event subjects consumed (see consumedSubjects). */
  subjects: string[];
  policies: PolicyCatalogue;
  /** Sends GetClaims to extraction, at `claimsSubject`. */
  commands: Pick<CommandClient, 'send'>;
  claimsSubject: string;
  tuning?: ConsumerTuning;
  telemetry?: ConsumerTelemetry;
  clock?: () => Date;
}

/**
 * The validation service without its Nest shell: one ordered consumer (cycles, artefacts and
 * source problems must be recorded before the run that needs them is validated, and they arrive
 * in that order on the one event stream) and the command routes.
 */
export function createValidationService(options: ValidationServiceOptions) {
  const { db, store, schema, policies } = options;
  const clock = options.clock ?? (() => new Date());
  const logger = options.telemetry?.logger;
  const tables = new ValidationTables(schema);
  const registry = new PolicyRegistryHandler({ db, store, tables, policies, clock, logger });
  const facts = new ConsumedFactsHandler(tables, registry);
  const runs = new RunValidationHandler({
    store,
    tables,
    policies,
    commands: options.commands,
    claimsSubject: options.claimsSubject,
    logger,
  });
  const exceptions = new ExceptionActionsHandler({ db, store, tables, clock });
  const fundReview = new FundReviewQuery(db, tables);
  const queue = new ExceptionQueueQuery(db, schema);
  const dryRun = new DryRunQuery(db, tables, policies);

  const consumer = new DurableEventConsumer(options.bus, db, {
    stream: options.stream,
    schema,
    decode: contractDecoder(createRegistry()),
    telemetry: options.telemetry,
    backoffMs: VALIDATION_BACKOFF_MS,
    ...options.tuning,
    durable: 'validation',
    filterSubjects: options.subjects,
    concurrency: 1,
    maxAckPending: 1,
    prepare: (event) => runs.prepare(event),
    handle: (event, tx, prepared) => (prepared ? runs.handle(event, tx, prepared) : facts.handle(event, tx)),
  });

  const routes: CommandRoute[] = [
    route(activatePolicyV1, (request) => registry.activate(request)),
    route(actOnExceptionV1, (request) => exceptions.act(request)),
    route(getFundReviewV1, (request) => fundReview.run(request)),
    route(getExceptionQueueV1, (request) => queue.run(request)),
    route(dryRunPolicyV1, (request) => dryRun.run(request)),
  ];

  const migrateTables = () => migrate(db, schema, VALIDATION_MIGRATIONS);
  return {
    routes,
    tables,
    /** Creates or updates validation's tables (idempotent, safe from several replicas at once). */
    migrate: migrateTables,
    consumers: {
      async start(): Promise<void> {
        await migrateTables();
        await consumer.start();
      },
      drain: (timeoutMs?: number) => consumer.drain(timeoutMs),
    },
  };
}

export type ValidationService = ReturnType<typeof createValidationService>;
