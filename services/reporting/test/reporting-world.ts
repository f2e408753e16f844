import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FilesystemArtefactStore } from '@fai/artefact-store';
import {
  createRegistry,
  FaiError,
  getClaimsV1,
  getExceptionQueueV1,
  getFundReviewV1,
  publishFundV1,
  type ClaimView,
  type CloudEvent,
  type ExceptionQueueItem,
  type GetClaimsRequest,
  type GetExceptionQueueRequest,
  type GetFundReviewReply,
  type GetFundReviewRequest,
} from '@fai/contracts';
import { jetStreamMessageBus, natsCommandTransport } from '@fai/messaging';
import { ServiceCommands } from '@fai/service-kit';
import { NATS_URL, openServiceWorld, type ServiceWorld } from '@fai/testing';
import { sourcesUnder } from '../src/infrastructure/reporting-consumers';
import { createReportingService } from '../src/infrastructure/reporting-service';
import type { RealArtefact } from './real-fund.fixture';

/**
 * The reporting service on the real servers, as its Nest module wires it, in a schema, streams and
 * subjects of its own. Validation's GetFundReview and extraction's GetClaims are answered by
 * responders on the real bus from what the test sets; events from other services are published
 * as their relays would.
 */
export interface ReportingWorld extends ServiceWorld {
  publishSubject: string;
  service: ReturnType<typeof createReportingService>;
  /** What GetFundReview answers, by fund id (absent: FUND_REVIEW_NOT_FOUND). */
  reviews: Map<string, GetFundReviewReply>;
  /** What GetExceptionQueue answers for a run (absent: no open exception). */
  exceptionQueue: Map<string, ExceptionQueueItem[]>;
  /** What GetClaims answers for a run. */
  claims: Map<
    string,
    {
      claims: ClaimView[];
      claimSets: Array<{
        artefactId: string;
        sha256: string;
        extractor: ClaimView['extractor'];
        claimCount: number;
      }>;
    }
  >;
  putArtefact(artefact: RealArtefact): Promise<void>;
  /** What a downstream system subscribed to ReportPublished received. */
  downstream: CloudEvent[];
}

const DURABLES = ['reporting-runs', 'reporting-approvals', 'reporting-retention'];
const CLAIMS_PAGE = 50;

export function openReportingWorld(): Promise<ReportingWorld> {
  return openServiceWorld({ context: 'reporting', durables: DURABLES, waitMs: 45_000 }, async (world) => {
    const { commandPrefix, prefix } = world;
    const artefacts = new FilesystemArtefactStore(join(world.root, 'artefacts'));
    const registry = createRegistry();
    const reviews = new Map<string, GetFundReviewReply>();
    const claims: ReportingWorld['claims'] = new Map();
    const exceptionQueue = new Map<string, ExceptionQueueItem[]>();

    await world.respond({
      [getFundReviewV1.subject.replace(/^[^.]+/, commandPrefix)]: (data: GetFundReviewRequest) => {
        const review = reviews.get(data.fundId);
        if (!review)
          throw new FaiError({
            code: 'FUND_REVIEW_NOT_FOUND',
            message: `run ${data.runId} never validated ${data.fundId}`,
          });
        return registry.validateReply(getFundReviewV1.name, getFundReviewV1.version, {
          ...review,
          cycleId: data.cycleId,
          runId: data.runId,
        });
      },
      // One item a page, the cursor an offset: the service must follow nextCursor.
      [getExceptionQueueV1.subject.replace(/^[^.]+/, commandPrefix)]: (data: GetExceptionQueueRequest) => {
        const items = exceptionQueue.get(data.runId!) ?? [];
        const start = Number(data.cursor ?? 0);
        return {
          items: items.slice(start, start + 1),
          ...(start + 1 < items.length ? { nextCursor: String(start + 1) } : {}),
        };
      },
      // Pages of CLAIMS_PAGE claims, the cursor an offset: the service must follow nextCursor.
      [getClaimsV1.subject.replace(/^[^.]+/, commandPrefix)]: (data: GetClaimsRequest) => {
        const run = claims.get(data.runId!) ?? { claims: [], claimSets: [] };
        const start = Number(data.cursor ?? 0);
        const end = start + CLAIMS_PAGE;
        return {
          claimSets: run.claimSets,
          claims: run.claims.slice(start, end),
          ...(end < run.claims.length ? { nextCursor: String(end) } : {}),
        };
      },
    });

    const service = createReportingService({
      db: world.test.db,
      store: world.store,
      schema: world.test.schema,
      bus: jetStreamMessageBus(world.nc),
      registry,
      stream: world.stream,
      sources: sourcesUnder(prefix),
      publishedSubject: `${prefix}.reporting.report-published.v1`,
      commands: world.commands,
      commandSubjectPrefix: commandPrefix,
      artefacts,
      outputs: new FilesystemArtefactStore(join(world.root, 'outputs')),
      templateVersion: 'memo@1',
      kpiConfigId: 'kpi-config@1',
      tuning: {
        fetchExpiresMs: 1000,
        backoffMs: [10_000, 10_000],
        lagIntervalMs: 60_000,
        drainTimeoutMs: 5000,
      },
    });
    world.onClose(() => service.consumers.drain(5000));
    await service.consumers.start();
    await world.startRelay();

    const server = new ServiceCommands({
      service: 'reporting',
      transport: natsCommandTransport(NATS_URL),
      subjectPrefix: commandPrefix,
      registry,
    }).serve(service.routes);
    world.onClose(() => server.stop());
    await server.start();

    const downstream: CloudEvent[] = [];
    await world.collect(`${prefix}.reporting.report-published.v1`, downstream);
    return {
      ...world,
      publishSubject: server.subjectOf(publishFundV1),
      service,
      reviews,
      exceptionQueue,
      claims,
      async putArtefact(artefact) {
        await artefacts.put(Readable.from([artefact.bytes]), { maxBytes: 64 * 1024 * 1024 });
      },
      downstream,
    };
  });
}
