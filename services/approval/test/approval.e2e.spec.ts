import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  approveV1,
  evidencePackBuiltV1,
  getFundWorkflowV1,
  memoDraftedV1,
  rejectV1,
  reportPublishedV1,
  runStartedV1,
  submitForReviewV1,
  type AnyCommandContract,
  type CloudEvent,
  type EventContract,
  type FundWorkflowView,
  type WorkflowReply,
} from '@fai/contracts';
import { ident, PgDatabase } from '@fai/event-store';
import { CommandClient, JetStreamPublisher } from '@fai/messaging';
import { assertBuilt, eventually, NATS_URL, PG_URL, publishAs, startService, uniqueName } from '@fai/testing';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { connect, type NatsConnection } from 'nats';
import { commandSubjectIn } from '@fai/service-kit';
import { evidencePackBuilt, memoDrafted, runStarted } from './approval-world';

/**
 * The approval service as it is deployed: the built `dist/main.js` as a process on the real
 * PostgreSQL and NATS, with its own schema, streams and command subjects. `npm test` builds first;
 * run `npm run build` before running this file alone.
 */
const WAIT_MS = 20_000;
const EXIT_TIMEOUT_MS = 10_000;
// A loaded machine (two jest workers beside other suites) can take a minute to boot and walk one process.
const TEST_TIMEOUT_MS = 180_000;

const OPERATOR = 'operator-1';
const ANALYST = 'analyst-3';
const REVIEWER = 'reviewer-9';

/** The subjects the process publishes (its own events, alerts included) and consumes. */
const STREAM_SUBJECTS = [
  'fai.approval.>',
  runStartedV1.subject,
  memoDraftedV1.subject,
  evidencePackBuiltV1.subject,
  reportPublishedV1.subject,
];

interface World {
  prefix: string;
  env: NodeJS.ProcessEnv;
  db: PgDatabase;
  nc: NatsConnection;
  proxy: ClientProxy;
  client: CommandClient;
  child?: ChildProcess;
  exited?: Promise<number | null>;
}

let world: World;

beforeAll(() => {
  assertBuilt(['approval']);
});

beforeEach(async () => {
  const prefix = uniqueName('approval_e2e');
  const proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [NATS_URL] } });
  await proxy.connect();
  world = {
    prefix,
    env: {
      FAI_PG_URL: PG_URL,
      FAI_NATS_URL: NATS_URL,
      FAI_PG_SCHEMA: prefix,
      FAI_EVENT_STREAM: `${prefix}_events`.toUpperCase(),
      FAI_EVENT_STREAM_SUBJECTS: STREAM_SUBJECTS.join(','),
      FAI_DLQ_STREAM: `${prefix}_dlq`.toUpperCase(),
      FAI_DLQ_STREAM_SUBJECTS: 'fai-dlq.approval-runs.>,fai-dlq.approval-reports.>',
      FAI_COMMAND_SUBJECT_PREFIX: `${prefix}-cmd`,
      FAI_SHUTDOWN_GRACE_MS: '5000',
    },
    db: new PgDatabase({ connectionString: PG_URL, max: 2 }),
    nc: await connect({ servers: NATS_URL }),
    proxy,
    client: new CommandClient(proxy, { timeoutMs: 10_000 }),
  };
});

afterEach(async () => {
  if (world.child && world.child.exitCode === null && world.child.signalCode === null)
    world.child.kill('SIGKILL');
  await world.exited;
  await world.db.query(`DROP SCHEMA IF EXISTS ${ident(world.prefix)} CASCADE`);
  await world.db.close();
  const jsm = await world.nc.jetstreamManager();
  for (const stream of [world.env.FAI_EVENT_STREAM!, world.env.FAI_DLQ_STREAM!])
    await jsm.streams.delete(stream).catch(() => undefined);
  await world.nc.close();
  await world.proxy.close();
}, TEST_TIMEOUT_MS);

async function startApproval(): Promise<void> {
  await startService('approval', world.env, (running) => {
    world.child = running.child;
    world.exited = running.exited;
  });
}

/** Publishes another service's event as its relay would. */
async function publish<T>(contract: EventContract<T>, data: T, actor: string): Promise<void> {
  await publishAs(new JetStreamPublisher(world.nc.jetstream()), contract, data, { actor });
}

function send<TReply>(contract: AnyCommandContract, request: Record<string, unknown>): Promise<TReply> {
  return world.client.send<TReply>(commandSubjectIn(`${world.prefix}-cmd`, contract.subject), request);
}

const workflowRequest = (cycleId: string, actor: string, notes = 'looked at it') => ({
  commandId: randomUUID(),
  actor,
  cycleId,
  fundId: 'fund-7',
  notes,
});

describe('approval process', () => {
  it(
    'walks a fund from draft to review to approved over NATS, refusing what separation of duties forbids',
    async () => {
      await startApproval();
      const cycleId = `pf-001-2026-10-${world.prefix}`;
      const runId = `${cycleId}-run-1`;
      await publish(runStartedV1, runStarted(cycleId, runId, 1, OPERATOR), OPERATOR);
      await publish(memoDraftedV1, memoDrafted(cycleId, runId, 'fund-7', 'memo-7'), 'system:reporting');
      await publish(
        evidencePackBuiltV1,
        evidencePackBuilt(cycleId, runId, 'fund-7', 'memo-7'),
        'system:reporting',
      );

      const drafted = await eventually(
        'the fund drafted, its run’s operator and evidence known',
        async () => {
          const view = await send<FundWorkflowView>(getFundWorkflowV1, { cycleId, fundId: 'fund-7' }).catch(
            () => undefined,
          );
          // The pack comes after the draft on the same ordered consumer: once it is in, everything is.
          const { rows } = await world.db
            .query(`SELECT 1 FROM ${ident(world.prefix)}.memo_evidence WHERE memo_id = 'memo-7'`)
            .catch(() => ({ rows: [] }));
          return view?.runOperator && rows.length === 1 ? view : undefined;
        },
        WAIT_MS,
      );
      expect(drafted).toMatchObject({ state: 'draft', memoId: 'memo-7', runOperator: OPERATOR });

      await expect(send(approveV1, workflowRequest(cycleId, REVIEWER))).rejects.toMatchObject({
        code: 'FUND_NOT_IN_REVIEW',
      });
      expect(await send<WorkflowReply>(submitForReviewV1, workflowRequest(cycleId, ANALYST))).toMatchObject({
        state: 'review',
      });
      await expect(send(approveV1, workflowRequest(cycleId, ANALYST))).rejects.toMatchObject({
        code: 'SEPARATION_OF_DUTIES',
        details: { rule: 'approver_is_submitter' },
      });
      await expect(send(approveV1, workflowRequest(cycleId, OPERATOR))).rejects.toMatchObject({
        code: 'SEPARATION_OF_DUTIES',
        details: { rule: 'approver_is_operator' },
      });
      await expect(send(rejectV1, workflowRequest(cycleId, REVIEWER, ''))).rejects.toMatchObject({
        code: 'NOTES_REQUIRED',
      });
      await expect(
        send(approveV1, { ...workflowRequest(cycleId, REVIEWER), notes: undefined }),
      ).rejects.toMatchObject({
        code: 'CONTRACT_VIOLATION',
      });

      const approval = workflowRequest(cycleId, REVIEWER);
      expect(await send<WorkflowReply>(approveV1, approval)).toEqual({
        cycleId,
        runId,
        fundId: 'fund-7',
        memoId: 'memo-7',
        state: 'approved',
      });
      expect(await send<WorkflowReply>(approveV1, approval)).toMatchObject({ state: 'approved' });
      await expect(send(approveV1, workflowRequest(cycleId, 'reviewer-10'))).rejects.toMatchObject({
        code: 'FUND_ALREADY_APPROVED',
      });

      // The relay published the approval for downstream services, once.
      const approvals = await eventually(
        'FundApproved on the event stream',
        async () => {
          const found = await streamEvents('fai.approval.fund-approved.v1');
          return found.length > 0 ? found : undefined;
        },
        WAIT_MS,
      );
      expect(approvals).toHaveLength(1);
      expect(approvals[0]).toMatchObject({
        source: 'fai/approval',
        cycleid: cycleId,
        fundid: 'fund-7',
        actor: REVIEWER,
        data: { approvedBy: REVIEWER, submittedBy: ANALYST, memoId: 'memo-7' },
      });

      const row = await eventually(
        'the review queue to show the approval',
        async () => {
          const { rows } = await world.db.query(
            `SELECT state, approved_by, submitted_by FROM ${ident(world.prefix)}.fund_review_queue WHERE cycle_id = $1`,
            [cycleId],
          );
          return rows[0]?.state === 'approved' ? rows[0] : undefined;
        },
        WAIT_MS,
      );
      expect(row).toEqual({ state: 'approved', approved_by: REVIEWER, submitted_by: ANALYST });

      world.child!.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const stopped = await Promise.race([
        world.exited,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error('the approval service did not stop in time')),
            EXIT_TIMEOUT_MS,
          );
        }),
      ]).finally(() => clearTimeout(timer));
      expect(stopped).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});

/** The events on this test's stream under one subject, read without a durable consumer. */
async function streamEvents(subject: string): Promise<CloudEvent[]> {
  const consumer = await world.nc
    .jetstream()
    .consumers.get(world.env.FAI_EVENT_STREAM!, { filterSubjects: subject });
  const info = await consumer.info();
  const events: CloudEvent[] = [];
  for (let pending = info.num_pending; pending > 0; pending--) {
    const message = await consumer.next({ expires: 1_000 });
    if (!message) break;
    events.push(message.json<CloudEvent>());
  }
  await consumer.delete().catch(() => undefined);
  return events;
}
