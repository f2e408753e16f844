import { randomUUID } from 'node:crypto';
import {
  approveV1,
  getFundWorkflowV1,
  rejectV1,
  setApprovalPolicyV1,
  submitForReviewV1,
  type FundWorkflowView,
  type SetApprovalPolicyReply,
  type WorkflowReply,
} from '@fai/contracts';
import { ident } from '@fai/event-store';
import {
  evidencePackBuilt,
  evidencePackBuiltV1,
  memoDrafted,
  memoDraftedV1,
  newCycle,
  openApprovalWorld,
  PORTFOLIO,
  reportPublished,
  reportPublishedV1,
  runStarted,
  runStartedV1,
  type ApprovalWorld,
} from './approval-world';

/*
 * The approval service on the real PostgreSQL and NATS: reporting's and the scheduler's events come
 * in over JetStream, people's commands over NATS request/reply, and approval's events go out
 * through its relay. Separation of duties is enforced by the service, whatever the caller.
 */

const OPERATOR = 'operator-1';
const ANALYST = 'analyst-3';
const REVIEWER = 'reviewer-9';

let world: ApprovalWorld;

beforeAll(async () => {
  world = await openApprovalWorld();
});

afterAll(async () => {
  await world?.close();
});

const workflowCommand = (cycleId: string, fundId: string, actor: string, notes = 'looked at it') => ({
  commandId: randomUUID(),
  actor,
  cycleId,
  fundId,
  notes,
});

const submit = (cycleId: string, fundId: string, actor = ANALYST) =>
  world.send<WorkflowReply>(submitForReviewV1, workflowCommand(cycleId, fundId, actor));
const approve = (cycleId: string, fundId: string, actor = REVIEWER) =>
  world.send<WorkflowReply>(approveV1, workflowCommand(cycleId, fundId, actor));
const workflow = (cycleId: string, fundId: string) =>
  world.send<FundWorkflowView>(getFundWorkflowV1, { cycleId, fundId });

/** Starts run `runNumber` of the cycle (operated by `operator`) and waits until approval knows it. */
async function startRun(cycleId: string, runId: string, runNumber: number, operator = OPERATOR) {
  const id = await world.publish(runStartedV1, runStarted(cycleId, runId, runNumber, operator), {
    actor: operator,
  });
  await world.waitProcessed('approval-runs', id);
}

/**
 * Reporting drafts the fund's memo and builds its evidence pack (unless `coverage` is null);
 * resolves once approval has applied both.
 */
async function draft(
  cycleId: string,
  runId: string,
  fundId: string,
  memoId: string,
  coverage: string | null = '1',
) {
  const reporting = { actor: 'system:reporting' };
  const drafted = await world.publish(memoDraftedV1, memoDrafted(cycleId, runId, fundId, memoId), reporting);
  await world.waitProcessed('approval-reports', drafted);
  if (coverage === null) return;
  const pack = evidencePackBuilt(cycleId, runId, fundId, memoId, coverage);
  await world.waitProcessed('approval-reports', await world.publish(evidencePackBuiltV1, pack, reporting));
}

async function storedTypes(streamId: string): Promise<string[]> {
  const { rows } = await world.test.db.query<{ event_type: string }>(
    `SELECT event_type FROM ${ident(world.test.schema)}.events WHERE stream_id = $1 ORDER BY stream_version`,
    [streamId],
  );
  return rows.map((row) => row.event_type);
}

describe('approval service (PostgreSQL + NATS)', () => {
  it('walks a fund from draft through review and approval to published, refusing self-approval and the operator', async () => {
    const { cycleId, run1 } = newCycle();
    await startRun(cycleId, run1, 1);
    await draft(cycleId, run1, 'fund-a', 'memo-a1');

    expect(await submit(cycleId, 'fund-a')).toEqual({
      cycleId,
      runId: run1,
      fundId: 'fund-a',
      memoId: 'memo-a1',
      state: 'review',
    });
    await expect(approve(cycleId, 'fund-a', ANALYST)).rejects.toMatchObject({
      code: 'SEPARATION_OF_DUTIES',
      details: { rule: 'approver_is_submitter', actor: ANALYST, portfolioId: PORTFOLIO },
    });
    await expect(approve(cycleId, 'fund-a', OPERATOR)).rejects.toMatchObject({
      code: 'SEPARATION_OF_DUTIES',
      details: { rule: 'approver_is_operator', actor: OPERATOR },
    });
    expect(await approve(cycleId, 'fund-a')).toMatchObject({ state: 'approved', memoId: 'memo-a1' });

    const approved = await world.waitFor(
      (event) => event.type.endsWith('.approval.fund-approved.v1') && event.cycleid === cycleId,
      'FundApproved on the bus',
    );
    expect(approved).toMatchObject({
      fundid: 'fund-a',
      runid: run1,
      portfolioid: PORTFOLIO,
      actor: REVIEWER,
      data: { approvedBy: REVIEWER, submittedBy: ANALYST, memoId: 'memo-a1', notes: 'looked at it' },
    });

    // Approval locks the fund: a later draft is ignored, a second approval refused.
    await draft(cycleId, run1, 'fund-a', 'memo-a2');
    await expect(approve(cycleId, 'fund-a', 'reviewer-10')).rejects.toMatchObject({
      code: 'FUND_ALREADY_APPROVED',
      details: { approvedBy: REVIEWER },
    });
    await expect(submit(cycleId, 'fund-a')).rejects.toMatchObject({ code: 'FUND_ALREADY_APPROVED' });

    const publication = await world.publish(
      reportPublishedV1,
      reportPublished(cycleId, run1, 'fund-a', 'memo-a1'),
    );
    await world.waitFor(
      (event) => event.type.endsWith('.approval.fund-published.v1') && event.cycleid === cycleId,
      'FundPublished on the bus',
    );
    await world.waitProcessed('approval-reports', publication);
    await expect(approve(cycleId, 'fund-a', 'reviewer-10')).rejects.toMatchObject({
      code: 'FUND_ALREADY_PUBLISHED',
    });

    const view = await workflow(cycleId, 'fund-a');
    expect(view).toMatchObject({
      portfolioId: PORTFOLIO,
      runId: run1,
      memoId: 'memo-a1',
      state: 'published',
      runOperator: OPERATOR,
      submittedBy: ANALYST,
      approvedBy: REVIEWER,
      reportId: 'report-fund-a',
      policy: { approverMayBeOperator: false, approverMayBeSubmitter: false },
    });
    expect(view.history.map(({ transition, actor }) => [transition, actor])).toEqual([
      ['entered_draft', 'system:reporting'],
      ['submitted_for_review', ANALYST],
      ['approved', REVIEWER],
      ['published', 'fai/reporting'],
    ]);

    await world.waitUntil(async () => {
      const [row] = await world.rows('fund_review_queue', { cycle_id: cycleId, fund_id: 'fund-a' });
      return row?.state === 'published';
    }, 'the review queue to show the fund published');
    const [row] = await world.rows('fund_review_queue', { cycle_id: cycleId, fund_id: 'fund-a' });
    expect(row).toMatchObject({
      memo_id: 'memo-a1',
      submitted_by: ANALYST,
      approved_by: REVIEWER,
      report_id: 'report-fund-a',
    });
  });

  it('answers a retried command (same command id) as the first time and writes nothing more', async () => {
    const { cycleId, run1 } = newCycle();
    await startRun(cycleId, run1, 1);
    await draft(cycleId, run1, 'fund-b', 'memo-b1');

    const submitRequest = workflowCommand(cycleId, 'fund-b', ANALYST);
    const first = await world.send<WorkflowReply>(submitForReviewV1, submitRequest);
    expect(await world.send<WorkflowReply>(submitForReviewV1, submitRequest)).toEqual(first);

    const approveRequest = workflowCommand(cycleId, 'fund-b', REVIEWER);
    const approved = await world.send<WorkflowReply>(approveV1, approveRequest);
    expect(approved.state).toBe('approved');
    // The retry is answered from the events the first attempt wrote, not refused as already approved.
    expect(await world.send<WorkflowReply>(approveV1, approveRequest)).toEqual(approved);

    expect(await storedTypes(`fund-workflow-${cycleId}/fund-b`)).toEqual([
      'FundEnteredDraft',
      'FundSubmittedForReview',
      'FundApproved',
    ]);
  });

  it('sends a rejected fund back to draft with notes, returns a redrafted fund to draft, and lets a policy allow the operator', async () => {
    const { cycleId, run1 } = newCycle();
    await startRun(cycleId, run1, 1);
    await draft(cycleId, run1, 'fund-c', 'memo-c1');
    await submit(cycleId, 'fund-c');

    await expect(
      world.send(rejectV1, workflowCommand(cycleId, 'fund-c', REVIEWER, '   ')),
    ).rejects.toMatchObject({ code: 'NOTES_REQUIRED' });
    expect(
      await world.send<WorkflowReply>(
        rejectV1,
        workflowCommand(cycleId, 'fund-c', REVIEWER, 'attach the evidence'),
      ),
    ).toMatchObject({ state: 'draft' });
    await expect(approve(cycleId, 'fund-c')).rejects.toMatchObject({
      code: 'FUND_NOT_IN_REVIEW',
      details: { state: 'draft' },
    });

    // Resubmitted, then redrafted by a rerun of reporting: back to draft with the new memo.
    await submit(cycleId, 'fund-c');
    await draft(cycleId, run1, 'fund-c', 'memo-c2');
    expect(await workflow(cycleId, 'fund-c')).toMatchObject({ state: 'draft', memoId: 'memo-c2' });
    await submit(cycleId, 'fund-c', 'analyst-4');

    const policy = {
      actor: 'admin-1',
      portfolioId: PORTFOLIO,
      approverMayBeOperator: true,
      approverMayBeSubmitter: false,
      rationale: 'two-person team',
    };
    const set = (request: object) => world.send<SetApprovalPolicyReply>(setApprovalPolicyV1, request);
    try {
      expect(await set({ ...policy, commandId: randomUUID() })).toEqual({
        portfolioId: PORTFOLIO,
        changed: true,
      });
      expect(await set({ ...policy, commandId: randomUUID() })).toEqual({
        portfolioId: PORTFOLIO,
        changed: false,
      });
      expect(await approve(cycleId, 'fund-c', OPERATOR)).toMatchObject({
        state: 'approved',
        memoId: 'memo-c2',
      });
    } finally {
      await set({ ...policy, commandId: randomUUID(), approverMayBeOperator: false });
    }

    const view = await workflow(cycleId, 'fund-c');
    expect(view.history.map(({ transition }) => transition)).toEqual([
      'entered_draft',
      'submitted_for_review',
      'rejected',
      'submitted_for_review',
      'entered_draft',
      'submitted_for_review',
      'approved',
    ]);
    expect(view.history[2]).toMatchObject({ actor: REVIEWER, notes: 'attach the evidence', state: 'draft' });
  });

  it('refuses funds never drafted, drafts a rerun replaced, and approvals before the run’s operator is known', async () => {
    const { cycleId, run1, run2 } = newCycle();
    await expect(approve(cycleId, 'fund-z')).rejects.toMatchObject({ code: 'FUND_NOT_DRAFTED' });
    await expect(workflow(cycleId, 'fund-z')).rejects.toMatchObject({ code: 'FUND_NOT_DRAFTED' });

    await draft(cycleId, run1, 'fund-d', 'memo-d1');
    await submit(cycleId, 'fund-d');
    await expect(approve(cycleId, 'fund-d')).rejects.toMatchObject({ code: 'RUN_OPERATOR_UNKNOWN' });

    await startRun(cycleId, run1, 1);
    await startRun(cycleId, run2, 2, 'operator-2');
    await expect(approve(cycleId, 'fund-d')).rejects.toMatchObject({
      code: 'DRAFT_SUPERSEDED',
      details: { runId: run1, currentRunId: run2 },
    });
    expect(await world.rows('known_run', { cycle_id: cycleId })).toHaveLength(2);
  });

  it('approves a memo only once every figure traces to a claim, and only the memo under review', async () => {
    const { cycleId, run1 } = newCycle();
    await startRun(cycleId, run1, 1);
    await draft(cycleId, run1, 'fund-g', 'memo-g1', null);
    await submit(cycleId, 'fund-g');
    await expect(approve(cycleId, 'fund-g')).rejects.toMatchObject({
      code: 'EVIDENCE_INCOMPLETE',
      details: { memoId: 'memo-g1', evidenceCoverage: null },
    });

    const partial = evidencePackBuilt(cycleId, run1, 'fund-g', 'memo-g1', '0.9');
    await world.waitProcessed('approval-reports', await world.publish(evidencePackBuiltV1, partial));
    await expect(approve(cycleId, 'fund-g')).rejects.toMatchObject({
      code: 'EVIDENCE_INCOMPLETE',
      details: { evidenceCoverage: '0.9' },
    });

    // The redraft fixes the gaps; its own pack, not the first memo's, is what approval checks.
    await draft(cycleId, run1, 'fund-g', 'memo-g2', null);
    await submit(cycleId, 'fund-g');
    await expect(approve(cycleId, 'fund-g')).rejects.toMatchObject({
      code: 'EVIDENCE_INCOMPLETE',
      details: { memoId: 'memo-g2', evidenceCoverage: null },
    });
    const full = evidencePackBuilt(cycleId, run1, 'fund-g', 'memo-g2');
    await world.waitProcessed('approval-reports', await world.publish(evidencePackBuiltV1, full));
    expect(await approve(cycleId, 'fund-g')).toMatchObject({ state: 'approved', memoId: 'memo-g2' });
  });

  it('lets only one of two concurrent approvals through', async () => {
    const { cycleId, run1 } = newCycle();
    await startRun(cycleId, run1, 1);
    await draft(cycleId, run1, 'fund-e', 'memo-e1');
    await submit(cycleId, 'fund-e');

    const outcomes = await Promise.allSettled([
      approve(cycleId, 'fund-e', 'reviewer-1'),
      approve(cycleId, 'fund-e', 'reviewer-2'),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({
      reason: { code: 'FUND_ALREADY_APPROVED' },
    });
    expect(await storedTypes(`fund-workflow-${cycleId}/fund-e`)).toEqual([
      'FundEnteredDraft',
      'FundSubmittedForReview',
      'FundApproved',
    ]);
  });

  it('dead-letters a publication of a fund that was never approved, with an operator alert', async () => {
    const { cycleId, run1 } = newCycle();
    await draft(cycleId, run1, 'fund-f', 'memo-f1');
    const publication = await world.publish(
      reportPublishedV1,
      reportPublished(cycleId, run1, 'fund-f', 'memo-f1'),
    );

    await world.waitUntil(async () => {
      const { rows } = await world.test.db.query(
        `SELECT 1 FROM ${ident(world.test.schema)}.events WHERE stream_id = $1`,
        [`operator-alert-alert-dlq-approval-reports-${publication}`],
      );
      return rows.length === 1;
    }, 'the dead-letter alert');
    expect(await workflow(cycleId, 'fund-f')).toMatchObject({ state: 'draft' });
  });
});
