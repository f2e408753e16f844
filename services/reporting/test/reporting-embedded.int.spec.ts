import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FilesystemArtefactStore } from '@fai/artefact-store';
import {
  COMMAND_SUBJECT_PREFIX,
  exceptionsRankedV1,
  fundApprovedV1,
  fundReadyForReportV1,
  getClaimsV1,
  getExceptionQueueV1,
  getFundReviewV1,
  publishFundV1,
  type CloudEvent,
  type MemoDraftedV1,
  type PublishFundReply,
  type ReportPublishedV1,
} from '@fai/contracts';
import { CommandClient, type ConsumerHandle } from '@fai/messaging';
import {
  ServiceCommands,
  EmbeddedRuntime,
  FaiPlatformModule,
  PlatformLifecycle,
  route,
  type CommandServer,
} from '@fai/service-kit';
import { collectEvents, eventually, publishAs } from '@fai/testing';
import { reportingService } from '../src/index';
import { FUND_ID, realFund, RUN } from './real-fund.fixture';

/**
 * Reporting inside the embedded default, as the demo runs it: on the process's PGlite, in-process
 * bus and in-process commands, with validation's and extraction's queries answered in process and
 * artefacts and outputs on the filesystem.
 */

const WAIT_MS = 30_000;
const POLL_MS = 50;
// PGlite's start-up and the migrations take a while on a loaded machine.
const START_MS = 90_000;
const CLAIMS_PAGE = 50;
const POLICIES = { ruleset: 'ruleset@1', materiality: 'materiality@1', sourcePolicy: 'source-policy@1' };

let runtime: EmbeddedRuntime;
let root: string;
let app: INestApplicationContext | undefined;
let queries: CommandServer;
let commands: CommandClient;
let feed: ConsumerHandle;
const published: CloudEvent[] = [];
const fund = realFund();

beforeAll(async () => {
  runtime = await EmbeddedRuntime.open();
  root = await mkdtemp(join(tmpdir(), 'reporting-embedded-'));
  const artefacts = new FilesystemArtefactStore(join(root, 'artefacts'));
  for (const artefact of fund.artefacts)
    await artefacts.put(Readable.from([artefact.bytes]), { maxBytes: 64 * 1024 * 1024 });
  // Validation's and extraction's side of the queries, on the runtime's in-process transport.
  queries = new ServiceCommands({
    service: 'validation-and-extraction',
    transport: runtime.commands,
    subjectPrefix: COMMAND_SUBJECT_PREFIX,
  }).serve([
    route(getFundReviewV1, async (request) => ({
      ...fund.review,
      cycleId: request.cycleId,
      runId: request.runId,
    })),
    route(getExceptionQueueV1, async () => ({ items: [] })),
    route(getClaimsV1, async (request) => {
      const start = Number(request.cursor ?? 0);
      const end = start + CLAIMS_PAGE;
      return {
        claimSets: fund.claimSets,
        claims: fund.claims.slice(start, end),
        ...(end < fund.claims.length ? { nextCursor: String(end) } : {}),
      };
    }),
  ]);
  await queries.start();
  feed = await collectEvents(runtime.bus, ['fai.reporting.>'], published);
  commands = new CommandClient(runtime.commands.client(), { timeoutMs: 30_000 });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await queries?.stop();
  await feed?.stop();
  await runtime?.close();
  await rm(root, { recursive: true, force: true });
});

function settings(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    FAI_LOG_LEVEL: 'error',
    FAI_SHUTDOWN_GRACE_MS: '5000',
    FAI_ARTEFACT_DIR: join(root, 'artefacts'),
    FAI_OUTPUT_DIR: join(root, 'outputs'),
    ...overrides,
  };
}

const event = (type: string) =>
  eventually(type, () => published.find((seen) => seen.type === type), WAIT_MS, POLL_MS);

describe('reporting embedded (PGlite, in-process bus and commands)', () => {
  it('refuses to start on an output bucket: the embedded default has no NATS', async () => {
    await expect(
      NestFactory.createApplicationContext(
        FaiPlatformModule.forService(reportingService, {
          env: settings({ FAI_OUTPUT_STORE: 'nats' }),
          embedded: runtime,
        }),
        { logger: false, abortOnError: false },
      ),
    ).rejects.toMatchObject({ code: 'NATS_REQUIRED' });
  });

  it(
    'drafts a ready fund, completes the ranked run and publishes the approved fund',
    async () => {
      app = await NestFactory.createApplicationContext(
        FaiPlatformModule.forService(reportingService, { env: settings(), embedded: runtime }),
        { logger: false },
      );
      await app.get(PlatformLifecycle).whenStarted();

      await publishAs(runtime.bus.publisher, fundReadyForReportV1, {
        ...RUN,
        fundId: FUND_ID,
        at: '2023-01-20T12:00:00.000Z',
        openExceptions: 1,
        policies: POLICIES,
      });
      await publishAs(runtime.bus.publisher, exceptionsRankedV1, { ...RUN, at: '2023-01-20T12:01:00.000Z' });
      const memo = (await event(`fai.reporting.memo-drafted.v1`)).data as MemoDraftedV1;
      expect(memo).toMatchObject({ fundId: FUND_ID, version: 1, templateVersion: 'memo@1' });
      expect((await event('fai.reporting.evidence-pack-built.v1')).data).toMatchObject({
        evidenceCoverage: '1',
      });
      expect((await event('fai.reporting.drafts-completed.v1')).data).toMatchObject({ runId: RUN.runId });

      await publishAs(runtime.bus.publisher, fundApprovedV1, {
        ...RUN,
        fundId: FUND_ID,
        memoId: memo.memoId,
        approvedBy: 'approver-9',
        submittedBy: 'analyst-7',
        notes: 'Evidence checked.',
        at: '2023-01-25T16:00:00.000Z',
      });
      await eventually(
        'the approval recorded',
        async () => {
          const { rows } = await runtime.database.query(
            `SELECT 1 FROM reporting.approvals WHERE memo_id = $1`,
            [memo.memoId],
          );
          return rows.length > 0 ? true : undefined;
        },
        WAIT_MS,
        POLL_MS,
      );
      const reply = await commands.send<PublishFundReply>(publishFundV1.subject, {
        commandId: randomUUID(),
        actor: 'ops-5',
        reason: 'monthly distribution to the investment committee',
        cycleId: RUN.cycleId,
        fundId: FUND_ID,
      });
      expect(reply.files.map((file) => file.kind)).toEqual(['memo_html', 'memo_pdf', 'evidence_pack']);
      expect((await event('fai.reporting.report-published.v1')).data as ReportPublishedV1).toMatchObject({
        fundId: FUND_ID,
        reportId: reply.reportId,
        approvedBy: 'approver-9',
      });
    },
    START_MS + 4 * WAIT_MS,
  );
});
