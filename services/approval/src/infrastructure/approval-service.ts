import { createRegistry } from '@fai/contracts';
import { migrate, type EventStore, type SqlDatabase } from '@fai/event-store';
import type { ConsumerTelemetry } from '@fai/messaging';
import type { NatsConnection } from 'nats';
import { ApprovalPolicies } from '../approval-policy/approval-policies';
import { FundWorkflowCommands } from '../fund-workflow/fund-workflow.commands';
import { FundWorkflowQuery } from '../fund-workflow/fund-workflow.view';
import { EvidencePacks } from '../evidence/evidence-packs';
import { KnownRuns } from '../runs/known-runs';
import { ApprovalConsumers, type ApprovalSources, type ConsumerTuning } from './approval-consumers';
import { ApprovalEventCodec } from './approval-events';
import { deadLetterAlerts } from './dead-letter-alerts';
import { APPROVAL_MIGRATIONS, approvalReadModels } from './read-models';
import { StreamCommands } from './stream-commands';

export interface ApprovalServiceOptions {
  db: SqlDatabase;
  /** The service's event store, in `schema`. */
  store: EventStore;
  /** PostgreSQL URL of the read models' connection. */
  pgUrl: string;
  schema: string;
  nc: NatsConnection;
  stream: string;
  sources: ApprovalSources;
  tuning?: ConsumerTuning;
  telemetry?: ConsumerTelemetry;
  clock?: () => Date;
}

/** The approval service without its Nest shell: its use cases, consumers and read models. */
export function createApprovalService(options: ApprovalServiceOptions) {
  const { db, store, schema, telemetry } = options;
  const clock = options.clock ?? (() => new Date());
  const codec = new ApprovalEventCodec(createRegistry());
  const streams = new StreamCommands(store, db, codec);
  const runs = new KnownRuns(schema);
  const evidence = new EvidencePacks(schema);
  const policies = new ApprovalPolicies(streams, clock);
  const workflows = new FundWorkflowCommands({
    streams,
    policies,
    runs,
    evidence,
    db,
    clock,
    logger: telemetry?.logger,
  });
  const query = new FundWorkflowQuery({ streams, policies, runs, db });
  const consumers = new ApprovalConsumers({
    nc: options.nc,
    db,
    schema,
    stream: options.stream,
    sources: options.sources,
    workflows,
    runs,
    evidence,
    tuning: { onDeadLetter: deadLetterAlerts(store, codec, telemetry?.logger), ...options.tuning },
    telemetry,
  });
  const readModels = approvalReadModels({
    url: options.pgUrl,
    schema,
    store,
    codec,
    logger: telemetry?.logger,
  });
  const stops: Array<(timeoutMs?: number) => Promise<void>> = [];
  const steps: Array<() => Promise<(timeoutMs?: number) => Promise<void>>> = [
    async () => {
      await migrate(db, schema, APPROVAL_MIGRATIONS);
      if (!readModels.dataSource.isInitialized) await readModels.dataSource.initialize();
      return () => readModels.dataSource.destroy();
    },
    async () => {
      await readModels.runner.start();
      return () => readModels.runner.stop();
    },
    async () => {
      await consumers.start();
      return (timeoutMs) => consumers.drain(timeoutMs);
    },
  ];
  return {
    workflows,
    policies,
    query,
    readModels,
    /** Tables, read models, then consumers; after a failed step, calling again carries on from there. */
    async start(): Promise<void> {
      for (const step of steps.slice(stops.length)) stops.push(await step());
    },
    /** Stops in reverse order: consumers drain (up to `timeoutMs`) before the read models stop. */
    async drain(timeoutMs?: number): Promise<void> {
      for (const stop of stops.splice(0).reverse()) await stop(timeoutMs);
    },
  };
}

export type ApprovalService = ReturnType<typeof createApprovalService>;
