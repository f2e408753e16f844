import { randomUUID } from 'node:crypto';
import {
  exceptionsRankedV1,
  fundApprovedV1,
  fundReadyForReportV1,
  fundRejectedV1,
  getExportLogV1,
  getKpiSnapshotV1,
  type CloudEvent,
  type EvidencePackBuiltV1,
  type GetExportLogReply,
  type GetExportLogRequest,
  type GetKpiSnapshotReply,
  type GetKpiSnapshotRequest,
  type MemoDraftedV1,
  type PublishFundReply,
  type PublishFundRequest,
  type ReportPublishedV1,
} from '@fai/contracts';
import type { MemoInput } from '../src/memo/memo-input';
import { verifyEvidencePack } from '../src/pack/pack-verify';
import { FUND_ID, realFund, RUN } from './real-fund.fixture';
import { openReportingWorld, type ReportingWorld } from './reporting-world';

const POLICIES = { ruleset: 'ruleset@1', materiality: 'materiality@1', sourcePolicy: 'source-policy@1' };
const FUND_B = 'fund-quiet-b';
const RUN_2 = { ...RUN, runId: `${RUN.runId}-rerun` };

describe('reporting on the real servers', () => {
  let world: ReportingWorld;
  const fund = realFund();

  beforeAll(async () => {
    world = await openReportingWorld();
    await world.putArtefact(fund.artefacts[0]);
    world.claims.set(RUN.runId, { claims: fund.claims, claimSets: fund.claimSets });
    world.reviews.set(FUND_ID, fund.review);
    world.reviews.set(FUND_B, {
      ...fund.review,
      fundId: FUND_B,
      baseline: true,
      priorSnapshot: undefined,
      fields: [],
      checks: [],
      deltas: [],
      exceptions: [],
      alerts: [],
    });
  });

  afterAll(async () => {
    await world?.close();
  });

  const ready = (fundId: string, run = RUN) =>
    world.publish(fundReadyForReportV1, {
      ...run,
      fundId,
      at: '2023-01-20T12:00:00.000Z',
      openExceptions: 1,
      policies: POLICIES,
    });
  const publishFund = (fundId: string, commandId = randomUUID(), cycleId = RUN.cycleId) =>
    world.commands.send<PublishFundReply, PublishFundRequest>(world.publishSubject, {
      commandId,
      actor: 'ops-5',
      reason: 'monthly distribution to the investment committee',
      cycleId,
      fundId,
    });
  const of = (type: string, fundId?: string) => (event: CloudEvent) =>
    event.type.endsWith(type) && (!fundId || (event.data as { fundId?: string }).fundId === fundId);
  const data = <T>(event: CloudEvent) => event.data as T;

  it('drafts every ready fund, completes the run once it is ranked, and publishes only approved funds, once', async () => {
    // A third fund of the run stays held back by a blocking exception: the summary lists it.
    world.exceptionQueue.set(RUN.runId, [
      {
        exceptionId: 'exc-held-net-assets',
        portfolioId: RUN.portfolioId,
        cycleId: RUN.cycleId,
        runId: RUN.runId,
        fundId: 'fund-held',
        kind: 'contradiction',
        severity: 'high',
        blocking: true,
        status: 'open',
        materialityScore: '0.9100',
        title: 'fund.net_assets: sources disagree beyond tolerance',
        slaDueAt: '2023-01-22T12:00:00.000Z',
        raisedAt: '2023-01-20T12:00:00.000Z',
      },
      {
        exceptionId: 'exc-held-nav-missing',
        portfolioId: RUN.portfolioId,
        cycleId: RUN.cycleId,
        runId: RUN.runId,
        fundId: 'fund-held',
        kind: 'missing_field',
        severity: 'medium',
        blocking: false,
        status: 'monitoring',
        materialityScore: '0.3000',
        title: 'nav.per_share is missing',
        slaDueAt: '2023-01-22T12:00:00.000Z',
        raisedAt: '2023-01-20T12:00:00.000Z',
      },
    ]);
    await ready(FUND_ID);
    await ready(FUND_B);
    await world.publish(exceptionsRankedV1, { ...RUN, at: '2023-01-20T12:01:00.000Z' });

    const completed = await world.waitFor(of('.reporting.drafts-completed.v1'), 'DraftsCompleted');
    expect(completed.data).toEqual(expect.objectContaining({ runId: RUN.runId }));
    const memoA = data<MemoDraftedV1>(
      await world.waitFor(of('.reporting.memo-drafted.v1', FUND_ID), 'MemoDrafted A'),
    );
    const memoB = data<MemoDraftedV1>(
      await world.waitFor(of('.reporting.memo-drafted.v1', FUND_B), 'MemoDrafted B'),
    );
    expect(memoA).toEqual(expect.objectContaining({ version: 1, templateVersion: 'memo@1', figures: 15 }));
    const packA = data<EvidencePackBuiltV1>(
      await world.waitFor(of('.reporting.evidence-pack-built.v1', FUND_ID), 'pack A'),
    );
    expect(packA.evidenceCoverage).toBe('1');
    // The registered draft pack verifies offline against the manifest hash the event carries.
    await expect(
      verifyEvidencePack(await world.service.outputs.get(packA.archiveSha256), packA.manifestSha256),
    ).resolves.toEqual(expect.objectContaining({ evidenceCoverage: '1', artefacts: 1 }));
    expect(world.published.filter(of('.reporting.drafts-completed.v1'))).toHaveLength(1);
    const summary = await world.test.db.query<{ sha256: string }>(
      `SELECT sha256 FROM "${world.test.schema}".outputs WHERE kind = 'portfolio_summary' AND run_id = $1`,
      [RUN.runId],
    );
    expect(summary.rows).toHaveLength(1);
    const summaryHtml = (await world.service.outputs.get(summary.rows[0].sha256)).toString('utf8');
    expect(summaryHtml).toContain('<dt>Funds drafted</dt><dd>2</dd>');
    expect(summaryHtml).toContain('exc-ongoing-charges-missing');
    expect(summaryHtml).toContain('<dt>Funds held back before drafting</dt><dd>1</dd>');
    expect(summaryHtml).toContain('<td>fund-held (held back before drafting)</td><td>1</td><td>1</td>');
    expect(summaryHtml).toContain('exc-held-net-assets');

    // Not approved yet: refused, with an operator alert.
    const refusedCommand = randomUUID();
    await expect(publishFund(FUND_ID, refusedCommand)).rejects.toMatchObject({
      code: 'PUBLICATION_NOT_APPROVED',
    });
    const alert = await world.waitFor(of('.reporting.operator-alert-raised.v1'), 'OperatorAlertRaised');
    expect(alert.data).toEqual(
      expect.objectContaining({ kind: 'publication_not_approved', fundId: FUND_ID, cycleId: RUN.cycleId }),
    );

    await world.publish(fundApprovedV1, {
      ...RUN,
      fundId: FUND_ID,
      memoId: memoA.memoId,
      approvedBy: 'approver-9',
      submittedBy: 'analyst-7',
      notes: 'Evidence checked.',
      at: '2023-01-25T16:00:00.000Z',
    });
    await world.publish(fundRejectedV1, {
      ...RUN,
      fundId: FUND_B,
      memoId: memoB.memoId,
      rejectedBy: 'approver-9',
      notes: 'The baseline lacks the fee fields.',
      at: '2023-01-25T16:05:00.000Z',
    });
    await world.waitUntil(async () => {
      const state = await world.service.repository.publicationState(world.test.db, RUN.cycleId, FUND_B);
      return state.latestDraft?.approval.state === 'rejected';
    }, 'the approvals to be recorded');

    const commandId = randomUUID();
    const reply = await publishFund(FUND_ID, commandId);
    expect(reply.files.map((file) => file.kind)).toEqual(['memo_html', 'memo_pdf', 'evidence_pack']);
    const html = (await world.service.outputs.get(reply.files[0].sha256)).toString('utf8');
    expect(html).toContain('<dt>Approved by</dt><dd>approver-9</dd>');
    expect(html).toContain('>FINAL<');
    const finalPack = await verifyEvidencePack(await world.service.outputs.get(reply.files[2].sha256));
    expect(finalPack.evidenceCoverage).toBe('1');

    // Once only: another command is refused, the same command gets its first reply again.
    await expect(publishFund(FUND_ID)).rejects.toMatchObject({ code: 'ALREADY_PUBLISHED' });
    await expect(publishFund(FUND_ID, commandId)).resolves.toEqual(reply);
    await expect(publishFund(FUND_B)).rejects.toMatchObject({
      code: 'PUBLICATION_NOT_APPROVED',
      details: expect.objectContaining({ state: 'rejected' }),
    });
    await expect(publishFund('fund-never-drafted')).rejects.toMatchObject({ code: 'MEMO_NOT_FOUND' });

    const published = data<ReportPublishedV1>(
      await world.waitFor(of('.reporting.report-published.v1'), 'ReportPublished'),
    );
    expect(published).toEqual(
      expect.objectContaining({
        fundId: FUND_ID,
        reportId: reply.reportId,
        memoId: memoA.memoId,
        approvedBy: 'approver-9',
        submittedBy: 'analyst-7',
        files: reply.files,
      }),
    );
    // The downstream subscriber sees exactly one ReportPublished per published fund.
    await world.waitUntil(async () => world.downstream.length >= 1, 'the downstream subscriber');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(world.downstream.map((event) => (event.data as ReportPublishedV1).fundId)).toEqual([FUND_ID]);

    const { rows } = await world.test.db.query<{ kind: string; channel: string; actor: string }>(
      `SELECT kind, channel, actor FROM "${world.test.schema}".export_log WHERE report_id = $1 ORDER BY kind`,
      [reply.reportId],
    );
    expect(rows).toEqual(
      ['evidence_pack', 'memo_html', 'memo_pdf'].map((kind) => ({
        kind,
        channel: expect.stringMatching(/^event:fai\..+\.reporting\.report-published\.v1$/),
        actor: 'ops-5',
      })),
    );
    const registry = await world.test.db.query<{
      kind: string;
      publication_state: string;
      approval_stamp: unknown;
    }>(
      `SELECT kind, publication_state, approval_stamp FROM "${world.test.schema}".outputs WHERE fund_id = $1 ORDER BY publication_state, kind`,
      [FUND_ID],
    );
    expect(registry.rows.map((row) => `${row.publication_state}:${row.kind}`)).toEqual([
      'draft:evidence_pack',
      'draft:memo_html',
      'draft:memo_input',
      'draft:memo_pdf',
      'published:evidence_pack',
      'published:memo_html',
      'published:memo_pdf',
    ]);
    expect(registry.rows[4].approval_stamp).toEqual(expect.objectContaining({ approvedBy: 'approver-9' }));
  });

  it('answers GetKpiSnapshot and GetExportLog from the drafts and the export log', async () => {
    const subject = (contract: { subject: string }) =>
      contract.subject.replace(/^[^.]+/, world.commandPrefix);
    const kpis = (request: GetKpiSnapshotRequest) =>
      world.commands.send<GetKpiSnapshotReply, GetKpiSnapshotRequest>(subject(getKpiSnapshotV1), request);
    const exports = (request: GetExportLogRequest) =>
      world.commands.send<GetExportLogReply, GetExportLogRequest>(subject(getExportLogV1), request);
    const draft = await world.service.repository.publicationState(world.test.db, RUN.cycleId, FUND_ID);

    const snapshot = await kpis({ cycleId: RUN.cycleId, fundId: FUND_ID });
    const input = JSON.parse(
      (await world.service.outputs.get(snapshot.memoInputSha256)).toString('utf8'),
    ) as MemoInput;
    expect(snapshot).toEqual({
      cycleId: RUN.cycleId,
      fundId: FUND_ID,
      runId: RUN.runId,
      memoId: draft.latestDraft!.memoId,
      version: 1,
      memoInputSha256: draft.latestDraft!.inputSha256,
      kpiConfigId: 'kpi-config@1',
      kpi: input.kpi,
    });
    await expect(kpis({ cycleId: RUN.cycleId, fundId: 'fund-never-drafted' })).rejects.toMatchObject({
      code: 'MEMO_NOT_FOUND',
    });

    const reportId = draft.published!.reportId;
    const first = await exports({ cycleId: RUN.cycleId, fundId: FUND_ID, limit: 2 });
    const rest = await exports({ cycleId: RUN.cycleId, fundId: FUND_ID, cursor: first.nextCursor });
    expect(rest.nextCursor).toBeUndefined();
    const entries = [...first.entries, ...rest.entries];
    expect(entries.map((entry) => entry.kind).sort()).toEqual(['evidence_pack', 'memo_html', 'memo_pdf']);
    expect(entries.map((entry) => entry.sha256).sort()).toEqual(
      draft.published!.reply.files.map((file) => file.sha256).sort(),
    );
    expect(entries[0]).toEqual(
      expect.objectContaining({
        reportId,
        cycleId: RUN.cycleId,
        fundId: FUND_ID,
        actor: 'ops-5',
        channel: expect.stringMatching(/^event:fai\..+\.reporting\.report-published\.v1$/),
      }),
    );
    await expect(exports({ reportId })).resolves.toEqual({ entries });
    // Drafted but never published: nothing was distributed.
    await expect(exports({ cycleId: RUN.cycleId, fundId: FUND_B })).resolves.toEqual({ entries: [] });
    await expect(exports({ reportId, cycleId: RUN.cycleId, fundId: FUND_ID })).rejects.toMatchObject({
      code: 'EXPORT_LOG_QUERY_INVALID',
    });
    await expect(exports({ cycleId: RUN.cycleId })).rejects.toMatchObject({
      code: 'EXPORT_LOG_QUERY_INVALID',
    });
    await expect(exports({ reportId, cursor: 'forged' })).rejects.toMatchObject({
      code: 'EXPORT_LOG_CURSOR_INVALID',
    });
  });

  it('fails the run’s report stage when a fund’s draft cannot be built', async () => {
    await ready('fund-unknown-to-validation', RUN_2);

    const failed = await world.waitFor(
      (event) =>
        event.type.endsWith('.reporting.reporting-stage-failed.v1') &&
        (event.data as { runId: string }).runId === RUN_2.runId,
      'ReportingStageFailed',
    );
    expect(failed.data).toEqual(
      expect.objectContaining({
        stage: 'report',
        errorCode: 'FUND_REVIEW_NOT_FOUND',
        diagnostics: expect.objectContaining({ fundId: 'fund-unknown-to-validation' }),
      }),
    );
  });

  it('publishes only the fund’s latest draft in the cycle: a rerun’s draft needs its own approval', async () => {
    const fundC = 'fund-rerun-c';
    const first = { ...RUN, cycleId: 'pf-real-2023-01-scheduled', runId: 'pf-real-2023-01-scheduled-run-1' };
    const rerun = { ...first, runId: 'pf-real-2023-01-scheduled-run-2' };
    world.reviews.set(fundC, { ...world.reviews.get(FUND_B)!, fundId: fundC });
    const approve = (memoId: string, runId: string) =>
      world.publish(fundApprovedV1, {
        ...first,
        runId,
        fundId: fundC,
        memoId,
        approvedBy: 'approver-9',
        submittedBy: 'analyst-7',
        notes: '',
        at: '2023-02-20T10:00:00.000Z',
      });
    const approved = (memoId: string) =>
      world.waitUntil(async () => {
        const state = await world.service.repository.publicationState(world.test.db, first.cycleId, fundC);
        return state.latestDraft?.memoId === memoId && state.latestDraft.approval.state === 'approved';
      }, `approval of ${memoId}`);
    const drafted = (runId: string) =>
      world.waitFor(
        (event) =>
          of('.reporting.memo-drafted.v1', fundC)(event) && (event.data as MemoDraftedV1).runId === runId,
        `MemoDrafted of ${runId}`,
      );

    await ready(fundC, first);
    const v1 = data<MemoDraftedV1>(await drafted(first.runId));
    await approve(v1.memoId, first.runId);
    await approved(v1.memoId);
    await ready(fundC, rerun);
    const v2 = data<MemoDraftedV1>(await drafted(rerun.runId));

    expect([v1.version, v2.version]).toEqual([1, 2]);
    await expect(publishFund(fundC, randomUUID(), first.cycleId)).rejects.toMatchObject({
      code: 'PUBLICATION_NOT_APPROVED',
      details: expect.objectContaining({ state: 'pending' }),
    });
    await approve(v2.memoId, rerun.runId);
    await approved(v2.memoId);
    const reply = await publishFund(fundC, randomUUID(), first.cycleId);

    const published = data<ReportPublishedV1>(
      await world.waitFor(of('.reporting.report-published.v1', fundC), 'ReportPublished of the rerun'),
    );
    expect(published).toEqual(
      expect.objectContaining({ memoId: v2.memoId, runId: rerun.runId, reportId: reply.reportId }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(world.downstream.map((event) => (event.data as ReportPublishedV1).fundId).sort()).toEqual([
      FUND_ID,
      fundC,
    ]);
  });
});
