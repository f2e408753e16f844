import {
  evidencePackBuiltV1,
  memoDraftedV1,
  reportPublishedV1,
  runStartedV1,
  type AnyCommandContract,
  type EvidencePackBuiltV1,
  type MemoDraftedV1,
  type ReportPublishedV1,
  type RunStartedV1,
} from '@fai/contracts';
import { ident } from '@fai/event-store';
import { jetStreamMessageBus, natsCommandTransport, PgAdvisoryLeaderLock } from '@fai/messaging';
import { NATS_URL, openServiceWorld, PG_URL, uniqueName, type ServiceWorld } from '@fai/testing';
import { createLogger } from '@fai/observability';
import { ServiceCommands } from '@fai/service-kit';
import { sourcesUnder } from '../src/infrastructure/approval-consumers';
import { createApprovalService } from '../src/infrastructure/approval-service';

/**
 * The approval service on the real servers, wired as its Nest module wires it, but in a schema,
 * streams and subjects of its own: events live under `fai.<unique>.…` and commands under a unique
 * first token, so concurrent suites never see each other's messages.
 */
export interface ApprovalWorld extends ServiceWorld {
  /** Sends a command to the approval service (the subject under this world's prefix). */
  send<TReply>(contract: AnyCommandContract, payload: unknown): Promise<TReply>;
  /** The rows of one of approval's tables. */
  rows(
    table: 'fund_review_queue' | 'known_run',
    where?: Record<string, string>,
  ): Promise<Record<string, unknown>[]>;
}

const DURABLES = ['approval-runs', 'approval-reports'];

export function openApprovalWorld(): Promise<ApprovalWorld> {
  return openServiceWorld(
    { context: 'approval', durables: DURABLES, commandTimeoutMs: 10_000 },
    async (world) => {
      const { test } = world;
      const logger = createLogger('approval', { level: 'warn' });
      const service = createApprovalService({
        db: test.db,
        store: world.store,
        pgUrl: PG_URL,
        schema: test.schema,
        bus: jetStreamMessageBus(world.nc),
        leaderLock: (key) => new PgAdvisoryLeaderLock({ connectionString: PG_URL }, key),
        stream: world.stream,
        sources: sourcesUnder(world.prefix),
        tuning: {
          fetchExpiresMs: 1000,
          backoffMs: [200, 200],
          maxDeliver: 2,
          lagIntervalMs: 60_000,
          drainTimeoutMs: 5000,
        },
        telemetry: { logger },
      });
      world.onClose(() => service.drain(5000));
      await service.start();
      await world.startRelay();

      const server = new ServiceCommands({
        service: 'approval',
        transport: natsCommandTransport(NATS_URL),
        subjectPrefix: world.commandPrefix,
        logger,
      }).serve(service.routes);
      world.onClose(() => server.stop());
      await server.start();

      return {
        ...world,
        send: (contract, payload) => world.commands.send(server.subjectOf(contract), payload),
        async rows(table, where = {}) {
          const entries = Object.entries(where);
          const clause = entries.map(([column], index) => `${ident(column)} = $${index + 1}`).join(' AND ');
          const { rows } = await test.db.query(
            `SELECT * FROM ${ident(test.schema)}.${ident(table)}${clause ? ` WHERE ${clause}` : ''}`,
            entries.map(([, value]) => value),
          );
          return rows;
        },
      };
    },
  );
}

// ---- other services' events, as their contracts shape them ----------------------------------

export const PORTFOLIO = 'pf-001';

/** A cycle of this test alone: ids are unique so nothing leaks between tests sharing a schema. */
export function newCycle(): { cycleId: string; run1: string; run2: string } {
  const cycleId = `${PORTFOLIO}-2026-10-${uniqueName('c')}`;
  return { cycleId, run1: `${cycleId}-run-1`, run2: `${cycleId}-run-2` };
}

export function runStarted(
  cycleId: string,
  runId: string,
  runNumber: number,
  operator: string,
): RunStartedV1 {
  return {
    cycleId,
    runId,
    runNumber,
    pinnedPolicyVersions: {},
    cause: { kind: 'operator', actor: operator },
    at: '2026-11-04T07:00:00.000Z',
  };
}

export function memoDrafted(
  cycleId: string,
  runId: string,
  fundId: string,
  memoId: string,
  version = 1,
): MemoDraftedV1 {
  return { ...memoDraftedV1.example, portfolioId: PORTFOLIO, cycleId, runId, fundId, memoId, version };
}

export function evidencePackBuilt(
  cycleId: string,
  runId: string,
  fundId: string,
  memoId: string,
  evidenceCoverage = '1',
): EvidencePackBuiltV1 {
  return {
    ...evidencePackBuiltV1.example,
    portfolioId: PORTFOLIO,
    cycleId,
    runId,
    fundId,
    memoId,
    packId: `pack-${memoId}`,
    evidenceCoverage,
  };
}

export function reportPublished(
  cycleId: string,
  runId: string,
  fundId: string,
  memoId: string,
): ReportPublishedV1 {
  return {
    ...reportPublishedV1.example,
    portfolioId: PORTFOLIO,
    cycleId,
    runId,
    fundId,
    memoId,
    reportId: `report-${fundId}`,
  };
}

export { runStartedV1, memoDraftedV1, evidencePackBuiltV1, reportPublishedV1 };
