import type { ArtefactStore } from '@fai/artefact-store';
import { getClaimsV1 } from '@fai/contracts';
import type { EventStore, SqlDatabase } from '@fai/event-store';
import type { ConsumerTelemetry, MessageBus } from '@fai/messaging';
import { route, type CommandRoute } from '@fai/service-kit';
import { ExtractArtefactHandler } from '../artefact-extraction/extract-artefact.handler';
import { GetClaimsQuery } from '../claim-queries/get-claims.query';
import { PortfolioRegistryHandler } from '../fund-resolution/portfolio-registry.handler';
import { RunCompletion } from '../run-completion/run-completion.service';
import { RunInventoryHandler } from '../run-completion/run-inventory.handler';
import { ArtefactExtractionRepository } from './artefact-extraction.repository';
import { ClaimSetRepository } from './claim-set.repository';
import { ExtractionConsumers, type ConsumerTuning, type ExtractionSources } from './extraction-consumers';
import type { ExtractionMetrics } from './extraction.metrics';
import { extractionTables } from './extraction-tables';
import { FundRegistryRepository } from './fund-registry.repository';
import { RunProgressRepository } from './run-progress.repository';

export interface ExtractionServiceOptions {
  db: SqlDatabase;
  /** The service's event store, in `schema`. */
  store: EventStore;
  schema: string;
  /** Where the consumers subscribe: JetStream, or the embedded runtime's in-process bus. */
  bus: MessageBus;
  artefacts: ArtefactStore;
  stream: string;
  sources: ExtractionSources;
  concurrency: number;
  tuning?: ConsumerTuning;
  telemetry?: ConsumerTelemetry;
  metrics?: ExtractionMetrics;
  clock?: () => Date;
}

/** The extraction service without its Nest shell: its consumers and its claims query's route. */
export function createExtractionService(options: ExtractionServiceOptions) {
  const tables = extractionTables(options.schema);
  const clock = options.clock ?? (() => new Date());
  const claimSets = new ClaimSetRepository(tables);
  const extractions = new ArtefactExtractionRepository(tables);
  const runs = new RunProgressRepository(tables);
  const funds = new FundRegistryRepository(tables);
  const runCompletion = new RunCompletion(options.store, runs);
  const consumers = new ExtractionConsumers({
    bus: options.bus,
    db: options.db,
    schema: options.schema,
    stream: options.stream,
    sources: options.sources,
    concurrency: options.concurrency,
    tuning: options.tuning,
    telemetry: options.telemetry,
    handlers: {
      extract: new ExtractArtefactHandler({
        db: options.db,
        store: options.store,
        artefacts: options.artefacts,
        claimSets,
        extractions,
        funds,
        runs,
        runCompletion,
        clock,
        metrics: options.metrics,
        logger: options.telemetry?.logger,
      }),
      runs: new RunInventoryHandler(runs, runCompletion, clock),
      portfolios: new PortfolioRegistryHandler(funds),
    },
  });
  const query = new GetClaimsQuery(options.db, tables, claimSets, extractions);
  const routes: CommandRoute[] = [route(getClaimsV1, (request) => query.run(request))];
  return { consumers, routes };
}
