import type { ArtefactStore } from '@fai/artefact-store';
import {
  getExportLogV1,
  getKpiSnapshotV1,
  publishFundV1,
  reportPublishedV1,
  runOutputRetentionSweepV1,
  type ContractRegistry,
} from '@fai/contracts';
import type { EventStore, SqlDatabase } from '@fai/event-store';
import type { CommandClient, ConsumerTelemetry, MessageBus } from '@fai/messaging';
import { route, type CommandRoute } from '@fai/service-kit';
import { ApprovalEventsHandler } from '../approvals/approval-events.handler';
import { DraftFundHandler } from '../drafting/draft-fund.handler';
import { ReportRuns } from '../drafting/report-run.service';
import { ReviewSource } from '../drafting/review-source';
import { RunRankedHandler } from '../drafting/run-ranked.handler';
import { loadKpiConfig } from '../kpi/kpi-config.loader';
import { PublishFundHandler } from '../publication/publish-fund.handler';
import { ReportingQueries } from '../queries/reporting-queries';
import { OutputRetentionRepository } from '../retention/output-retention.repository';
import { OutputRetentionSweepService } from '../retention/output-retention-sweep.service';
import { RetentionEventsHandler } from '../retention/retention-events.handler';
import { OutputStore } from './output-store';
import { ReportingConsumers, type ConsumerTuning, type ReportingSources } from './reporting-consumers';
import { ReportingEvents } from './reporting-events';
import { ReportingRepository } from './reporting.repository';

export interface ReportingServiceOptions {
  db: SqlDatabase;
  /** The service's event store, in `schema`. */
  store: EventStore;
  schema: string;
  bus: MessageBus;
  registry: ContractRegistry;
  stream: string;
  sources: ReportingSources;
  /** Where ReportPublished goes out (the export channel of every published file). */
  publishedSubject?: string;
  /** Sends validation's and extraction's queries. */
  commands: Pick<CommandClient, 'send'>;
  commandSubjectPrefix: string;
  /** Ingest's artefact store (read only) and reporting's own output store. */
  artefacts: ArtefactStore;
  outputs: ArtefactStore;
  templateVersion: string;
  kpiConfigId: string;
  tuning?: ConsumerTuning;
  telemetry?: ConsumerTelemetry;
  clock?: () => Date;
}

/**
 * The reporting service without its Nest shell: its consumers, its publish-fund and output retention
 * routes, its queries, and the output retention sweep (which its timer runs too).
 */
export function createReportingService(options: ReportingServiceOptions) {
  const clock = options.clock ?? (() => new Date());
  const repository = new ReportingRepository(options.schema);
  const events = new ReportingEvents(options.store, options.registry);
  const retention = new OutputRetentionRepository(options.db, options.schema, repository);
  const outputs = new OutputStore(options.outputs, (sha256) => retention.contentDeletion(sha256));
  const runs = new ReportRuns(repository, events);
  const reviews = new ReviewSource(options.commands, options.commandSubjectPrefix);
  const consumers = new ReportingConsumers({
    bus: options.bus,
    db: options.db,
    schema: options.schema,
    stream: options.stream,
    sources: options.sources,
    tuning: options.tuning,
    telemetry: options.telemetry,
    handlers: {
      drafts: new DraftFundHandler({
        repository,
        runs,
        events,
        reviews,
        artefacts: options.artefacts,
        outputs,
        kpiConfig: loadKpiConfig(options.kpiConfigId),
        templateVersion: options.templateVersion,
        executor: options.db,
        clock,
        logger: options.telemetry?.logger,
      }),
      ranked: new RunRankedHandler({
        runs,
        reviews,
        repository,
        outputs,
        executor: options.db,
        templateVersion: options.templateVersion,
        clock,
      }),
      approvals: new ApprovalEventsHandler(repository),
      retention: new RetentionEventsHandler(retention),
    },
  });
  const publish = new PublishFundHandler({
    db: options.db,
    repository,
    events,
    outputs,
    clock,
    publishedSubject: options.publishedSubject ?? reportPublishedV1.subject,
  });
  const queries = new ReportingQueries({ executor: options.db, repository, outputs });
  const retentionSweeps = new OutputRetentionSweepService(
    options.db,
    events,
    retention,
    outputs,
    options.telemetry?.logger,
  );
  const routes: CommandRoute[] = [
    route(publishFundV1, (request, meta) => publish.publish(request, meta.correlationId)),
    route(getKpiSnapshotV1, (request) => queries.kpiSnapshot(request)),
    route(getExportLogV1, (request) => queries.exportLog(request)),
    route(runOutputRetentionSweepV1, (request) => retentionSweeps.sweep(request, clock())),
  ];
  return { consumers, routes, outputs, repository, retentionSweeps };
}
