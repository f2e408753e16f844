import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  approveV1,
  fundApprovedV1,
  getFundWorkflowV1,
  submitForReviewV1,
  type AnyCommandContract,
  type CloudEvent,
  type EventContract,
  type FundWorkflowView,
  type WorkflowReply,
} from '@fai/contracts';
import { CommandClient, type ConsumerHandle } from '@fai/messaging';
import { EmbeddedRuntime, FaiPlatformModule, PlatformLifecycle } from '@fai/service-kit';
import { collectEvents, eventually, publishAs } from '@fai/testing';
import { approvalService } from '../src/index';
import {
  evidencePackBuilt,
  evidencePackBuiltV1,
  memoDrafted,
  memoDraftedV1,
  reportPublished,
  reportPublishedV1,
  runStarted,
  runStartedV1,
} from './approval-world';

/**
 * Approval inside the embedded default, as the demo runs it: on the process's PGlite, in-process
 * bus and in-process commands, its consumers, read models and relay exactly as deployed.
 */

const OPERATOR = 'operator-1';
const ANALYST = 'analyst-3';
const REVIEWER = 'reviewer-9';
const WAIT_MS = 20_000;
const POLL_MS = 50;
// PGlite's start-up and the migrations take a while on a loaded machine.
const START_MS = 90_000;

let runtime: EmbeddedRuntime;
let app: INestApplicationContext;
let commands: CommandClient;
let feed: ConsumerHandle;
const published: CloudEvent[] = [];

beforeAll(async () => {
  runtime = await EmbeddedRuntime.open();
  // A downstream subscriber: whatever approval's relay puts on the bus.
  feed = await collectEvents(runtime.bus, ['fai.approval.>'], published);
  const env: NodeJS.ProcessEnv = { FAI_LOG_LEVEL: 'error', FAI_SHUTDOWN_GRACE_MS: '5000' };
  app = await NestFactory.createApplicationContext(
    FaiPlatformModule.forService(approvalService, { env, embedded: runtime }),
    { logger: false },
  );
  await app.get(PlatformLifecycle).whenStarted();
  commands = new CommandClient(runtime.commands.client(), { timeoutMs: 10_000 });
}, START_MS + 30_000);

afterAll(async () => {
  await app?.close();
  await feed?.stop();
  await runtime?.close();
});

/** Another service's event, as its relay publishes it onto the in-process bus. */
async function publish<T>(contract: EventContract<T>, data: T, actor: string): Promise<void> {
  await publishAs(runtime.bus.publisher, contract, data, { actor });
}

function send<TReply>(contract: AnyCommandContract, request: Record<string, unknown>): Promise<TReply> {
  return commands.send<TReply>(contract.subject, request);
}

const workflowRequest = (cycleId: string, actor: string) => ({
  commandId: randomUUID(),
  actor,
  cycleId,
  fundId: 'fund-7',
  notes: 'looked at it',
});

async function workflow(cycleId: string): Promise<FundWorkflowView> {
  return send<FundWorkflowView>(getFundWorkflowV1, { cycleId, fundId: 'fund-7' });
}

describe('approval embedded (PGlite, in-process bus and commands)', () => {
  it('walks a fund from draft to approved to published, its read model and events on the same runtime', async () => {
    const cycleId = 'pf-001-2026-10-embedded';
    const runId = `${cycleId}-run-1`;
    await publish(runStartedV1, runStarted(cycleId, runId, 1, OPERATOR), OPERATOR);
    await publish(memoDraftedV1, memoDrafted(cycleId, runId, 'fund-7', 'memo-7'), 'system:reporting');
    await publish(
      evidencePackBuiltV1,
      evidencePackBuilt(cycleId, runId, 'fund-7', 'memo-7'),
      'system:reporting',
    );

    // The pack comes after the draft on the same ordered consumer: once it is in, everything is.
    await eventually(
      'the draft, its run’s operator and its evidence',
      async () => {
        const { rows } = await runtime.database.query(
          `SELECT 1 FROM approval.memo_evidence WHERE memo_id = 'memo-7'`,
        );
        return rows.length === 1 ? true : undefined;
      },
      WAIT_MS,
      POLL_MS,
    );
    expect(await workflow(cycleId)).toMatchObject({
      state: 'draft',
      memoId: 'memo-7',
      runOperator: OPERATOR,
    });

    expect(await send<WorkflowReply>(submitForReviewV1, workflowRequest(cycleId, ANALYST))).toMatchObject({
      state: 'review',
    });
    await expect(send(approveV1, workflowRequest(cycleId, OPERATOR))).rejects.toMatchObject({
      code: 'SEPARATION_OF_DUTIES',
      details: { rule: 'approver_is_operator' },
    });
    expect(await send<WorkflowReply>(approveV1, workflowRequest(cycleId, REVIEWER))).toMatchObject({
      state: 'approved',
    });
    const approved = await eventually(
      'FundApproved on the bus',
      () => published.find((event) => event.type === fundApprovedV1.type),
      WAIT_MS,
      POLL_MS,
    );
    expect(approved).toMatchObject({ source: 'fai/approval', actor: REVIEWER, data: { memoId: 'memo-7' } });

    await publish(reportPublishedV1, reportPublished(cycleId, runId, 'fund-7', 'memo-7'), 'system:reporting');
    const queued = await eventually(
      'the review queue to show the publication',
      async () => {
        const { rows } = await runtime.database.query<{
          state: string;
          approved_by: string;
          report_id: string;
        }>(`SELECT state, approved_by, report_id FROM approval.fund_review_queue WHERE cycle_id = $1`, [
          cycleId,
        ]);
        return rows[0]?.state === 'published' ? rows[0] : undefined;
      },
      WAIT_MS,
      POLL_MS,
    );
    expect(queued).toEqual({ state: 'published', approved_by: REVIEWER, report_id: 'report-fund-7' });
  });
});
