import {
  approveV1,
  createRegistry,
  getFundWorkflowV1,
  rejectV1,
  setApprovalPolicyV1,
  submitForReviewV1,
} from '@fai/contracts';
import type { EventStore, SqlDatabase } from '@fai/event-store';
import { openReadModels } from '@fai/projections';
import type { ConsumerTelemetry, LeaderLock, MessageBus } from '@fai/messaging';
import { deadLetterAlerts, EventCodec, route, StartSequence, type CommandRoute } from '@fai/service-kit';
import { ApprovalPolicies } from '../approval-policy/approval-policies';
import { FundWorkflowCommands } from '../fund-workflow/fund-workflow.commands';
import { FundWorkflowQuery } from '../fund-workflow/fund-workflow.view';
import { EvidencePacks } from '../evidence/evidence-packs';
import { KnownRuns } from '../runs/known-runs';
import { ApprovalConsumers, type ApprovalSources, type ConsumerTuning } from './approval-consumers';
import { APPROVAL_MIGRATIONS, approvalReadModels } from './read-models';
import { StreamCommands } from './stream-commands';

export interface ApprovalServiceOptions {
  db: SqlDatabase;
  /** The service's event store, in `schema`. */
  store: EventStore;
  /** PostgreSQL URL of the read models' connection (a server's; the embedded PGlite is `db` itself). */
  pgUrl: string;
  schema: string;
  bus: MessageBus;
  /** One leader per key across the service's replicas: the read models' runner. */
  leaderLock(key: string): LeaderLock;
  stream: string;
  sources: ApprovalSources;
  tuning?: ConsumerTuning;
  telemetry?: ConsumerTelemetry;
  clock?: () => Date;
}

// Event ids are name-based UUIDs in the approval service's own namespace.
const EVENT_ID_NAMESPACE = '5d0f4a3e-8c1b-4f62-9e7a-2b3c4d5e6f70';

/** The approval service without its Nest shell: its commands, consumers and read models. */
export function createApprovalService(options: ApprovalServiceOptions) {
  const { db, store, schema, telemetry } = options;
  const clock = options.clock ?? (() => new Date());
  const codec = new EventCodec(createRegistry(), EVENT_ID_NAMESPACE);
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
    bus: options.bus,
    db,
    schema,
    stream: options.stream,
    sources: options.sources,
    workflows,
    runs,
    evidence,
    tuning: {
      onDeadLetter: deadLetterAlerts({ store, codec, actor: 'approval', logger: telemetry?.logger }),
      ...options.tuning,
    },
    telemetry,
  });
  const readModels = approvalReadModels({
    url: options.pgUrl,
    database: db,
    schema,
    leaderLock: options.leaderLock,
    store,
    codec,
    logger: telemetry?.logger,
  });
  // Tables, read models, then consumers; consumers drain (up to the timeout) before the read models stop.
  const parts = new StartSequence([
    () => openReadModels(db, schema, APPROVAL_MIGRATIONS, readModels.dataSource),
    async () => {
      await readModels.runner.start();
      return () => readModels.runner.stop();
    },
    async () => {
      await consumers.start();
      return (timeoutMs) => consumers.drain(timeoutMs);
    },
  ]);
  const routes: CommandRoute[] = [
    route(submitForReviewV1, (request) => workflows.submitForReview(request)),
    route(approveV1, (request) => workflows.approve(request)),
    route(rejectV1, (request) => workflows.reject(request)),
    route(setApprovalPolicyV1, (request) => policies.set(request)),
    route(getFundWorkflowV1, (request) => query.run(request)),
  ];
  return {
    routes,
    readModels,
    /** After a failed step, calling again carries on from there. */
    start: () => parts.start(),
    drain: (timeoutMs?: number) => parts.drain(timeoutMs),
  };
}

export type ApprovalService = ReturnType<typeof createApprovalService>;
