import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  activatePolicyV1,
  actOnExceptionV1,
  approveV1,
  openAdhocCycleV1,
  publishFundV1,
  registerPortfolioV1,
  setExpectedInventoryV1,
  startRerunV1,
  submitForReviewV1,
  type ROLES,
} from '@fai/contracts';
import { generateSamplePortfolio, type SampleDocument, type SamplePortfolio } from '@fai/sample-data';
import { eventually, EventLog, FaiSystem, POLL_MS, type SeenEvent } from '@fai/testing';

/**
 * The monthly cycle end to end (issue 8): scheduler, ingest, extraction, validation, reporting and
 * approval as processes (`dist/main.js`, so `npm run build` first) on the real PostgreSQL and NATS,
 * driven only through their public doors: commands over NATS, ingest's HTTP intake, and the events
 * a downstream subscriber sees. A deterministic sample portfolio (@fai/sample-data): 3 funds, 2 periods.
 */
const OPERATOR = 'operator-olivia';
const ANALYST = 'analyst-ana';
const REVIEWER = 'reviewer-rui';
type Role = (typeof ROLES)[number];
const ADMIN = { actor: 'admin-ada', actorRoles: ['administrator'] as Role[] };
const PERIODS = ['2026-09', '2026-10'];
// A whole run on this 2-core machine: six processes, extraction of 12 documents, 3 memos and packs.
const RUN_MS = 150_000;
const STEP_MS = 45_000;

const FAILED = [
  'fai.ingest.ingest-stage-failed.v1',
  'fai.extraction.extraction-stage-failed.v1',
  'fai.validation.validation-stage-failed.v1',
  'fai.reporting.reporting-stage-failed.v1',
];
const T = {
  runStarted: 'fai.scheduler.run-started.v1',
  runCompleted: 'fai.scheduler.run-completed.v1',
  runFailed: 'fai.scheduler.run-failed.v1',
  draftsCompleted: 'fai.reporting.drafts-completed.v1',
  memoDrafted: 'fai.reporting.memo-drafted.v1',
  packBuilt: 'fai.reporting.evidence-pack-built.v1',
  reportPublished: 'fai.reporting.report-published.v1',
  fundPublished: 'fai.approval.fund-published.v1',
  deltas: 'fai.validation.fund-deltas-computed.v1',
  exceptionRaised: 'fai.validation.exception-raised.v1',
  ready: 'fai.validation.fund-ready-for-report.v1',
};

const system = new FaiSystem();
let sample: SamplePortfolio;
let downstream: EventLog;
const command = (actor: string) => ({ commandId: randomUUID(), actor, reason: 'e2e monthly cycle' });
const workflow = (actor: string, cycleId: string, fundId: string) => ({
  commandId: randomUUID(),
  actor,
  cycleId,
  fundId,
  notes: `${actor} looked at the memo`,
});

/** One document through ingest's HTTP intake, as the gateway forwards an upload. */
async function upload(
  document: SampleDocument,
  cycleId: string,
  portfolioId = sample.manifest.portfolio.portfolioId,
) {
  const response = await system.upload(document, { portfolioId, cycleId, actor: OPERATOR });
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`upload of ${document.fileName} refused: ${JSON.stringify(body)}`);
  return body;
}

/** Waits for the run's report stage to end (or any stage to fail) and returns how it ended. */
async function reportStageOutcome(runId: string): Promise<SeenEvent> {
  return system.log.waitForAny([T.draftsCompleted, ...FAILED], { runId }, RUN_MS);
}

/** Opens the period's adhoc cycle as the operator and uploads `documents` to it. */
async function openAndUpload(
  period: string,
  documents: SampleDocument[],
  portfolioId = sample.manifest.portfolio.portfolioId,
) {
  const { cycleId, runId } = await system.send<{ cycleId: string; runId: string }>(openAdhocCycleV1, {
    ...command(OPERATOR),
    portfolioId,
    period,
  });
  // Ingest learns the cycle from the scheduler's events: until then an upload naming it is refused.
  await eventually(
    `ingest to know ${cycleId}`,
    async () =>
      (
        await system.db
          .query(`SELECT 1 FROM ${system.schemaOf('ingest')}.run_inventories WHERE run_id = $1`, [runId])
          .catch(() => ({ rows: [] }))
      ).rows.length > 0 || undefined,
    STEP_MS,
    POLL_MS,
  );
  for (const document of documents) await upload(document, cycleId, portfolioId);
  return { cycleId, runId };
}

/** Submits (analyst), approves (reviewer) and publishes (operator) the fund's current draft. */
async function approveAndPublish(cycleId: string, fundId: string) {
  await system.send(submitForReviewV1, workflow(ANALYST, cycleId, fundId));
  // Approval needs the draft's evidence pack and the run's operator, both from its consumers.
  await eventually(
    `${fundId} approved`,
    () =>
      system.send(approveV1, workflow(REVIEWER, cycleId, fundId)).then(
        (reply) => reply,
        (error: { code?: string }) => {
          if (error.code === 'EVIDENCE_INCOMPLETE' || error.code === 'RUN_OPERATOR_UNKNOWN') return undefined;
          throw error;
        },
      ),
    STEP_MS,
    POLL_MS,
  );
  // Reporting learns the approval from approval's FundApproved.
  return eventually(
    `${fundId} published`,
    () =>
      system
        .send<{ reportId: string }>(publishFundV1, { ...command(OPERATOR), cycleId, fundId })
        .catch((error: { code?: string }) => {
          if (error.code === 'PUBLICATION_NOT_APPROVED') return undefined;
          throw error;
        }),
    STEP_MS,
    POLL_MS,
  );
}

const execFileAsync = promisify(execFile);

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** Where the filesystem artefact store keeps content (`<root>/<first two hex>/<sha256>`). */
const storedPath = (sha256: string) => join(system.artefactDir, sha256.slice(0, 2), sha256);

/** Runs reporting's verify-pack CLI on the pack a ReportPublished names (read from the output store). */
async function verifyPack(published: SeenEvent) {
  const files = published.data.files as Array<{ kind: string; sha256: string; uri: string }>;
  const pack = files.find((file) => file.kind === 'evidence_pack')!;
  expect(pack.uri).toBe(`fai-output://sha256/${pack.sha256}`);
  const path = join(system.dir, `${pack.sha256}.zip`);
  writeFileSync(path, readFileSync(join(system.outputDir, pack.sha256.slice(0, 2), pack.sha256)));
  return execFileAsync(process.execPath, [
    join(__dirname, '..', 'services', 'reporting', 'dist', 'verify-pack.js'),
    path,
  ]);
}

describe('the monthly cycle across all services as processes', () => {
  beforeAll(async () => {
    sample = await generateSamplePortfolio({ funds: 3, seed: 'cycle-e2e', periods: PERIODS });
    await system.start();
    downstream = await EventLog.follow(system.nc, system.eventStream, T.reportPublished);
    for (const policyId of ['ruleset@2', 'materiality@1', 'source-policy@1'])
      await system.send(activatePolicyV1, {
        commandId: randomUUID(),
        ...ADMIN,
        policyId,
        rationale: 'e2e pilot',
      });
    await system.send(registerPortfolioV1, { ...command(OPERATOR), ...sample.manifest.portfolio });
    await system.send(setExpectedInventoryV1, { ...command(OPERATOR), ...sample.manifest.expectedInventory });
  }, 240_000);

  afterAll(async () => {
    await downstream?.close().catch(() => undefined);
    await system.stop();
  }, 120_000);

  const funds = () => sample.manifest.portfolio.funds.map((fund) => fund.fundId);
  const documentsOf = (period: string) => sample.documents.filter((document) => document.period === period);
  let period1: { cycleId: string; runId: string };
  let rerun: { runId: string; fundId: string };

  it('period 1: drafted, reviewed with separation of duties, approved, published once per fund, packs verified', async () => {
    period1 = await openAndUpload(PERIODS[0], documentsOf(PERIODS[0]));
    const outcome = await reportStageOutcome(period1.runId);
    expect({ type: outcome.type, data: outcome.data }).toMatchObject({ type: T.draftsCompleted });
    await system.log.waitFor(T.runCompleted, { runId: period1.runId }, STEP_MS);
    // The first period is the sample's clean baseline: every fund is ready for report, nothing blocks.
    // (In stream order, validation's FundReadyForReport and ExceptionRaised precede DraftsCompleted.)
    expect({
      ready: funds().filter((fundId) => system.log.of(T.ready, { runId: period1.runId, fundId }).length > 0),
      blocking: system.log
        .of(T.exceptionRaised, { runId: period1.runId })
        .filter((event) => event.data.blocking === true)
        .map((event) => `${event.data.fundId} ${event.data.kind}: ${event.data.title}`),
    }).toEqual({ ready: funds(), blocking: [] });
    for (const fundId of funds()) {
      const [pack] = await system.log.waitFor(T.packBuilt, { runId: period1.runId, fundId }, STEP_MS);
      expect(pack.data.evidenceCoverage).toBe('1');
    }

    const [first, ...others] = funds();
    await expect(
      system.send(publishFundV1, { ...command(OPERATOR), cycleId: period1.cycleId, fundId: first }),
    ).rejects.toMatchObject({ code: 'PUBLICATION_NOT_APPROVED' });
    await system.send(submitForReviewV1, workflow(ANALYST, period1.cycleId, first));
    await eventually(
      'approval to know the run operator and the evidence',
      () =>
        system.send(approveV1, workflow(ANALYST, period1.cycleId, first)).then(
          () => {
            throw new Error('the submitter approved');
          },
          (error: { code?: string; details?: { rule?: string } }) =>
            error.code === 'SEPARATION_OF_DUTIES' ? error : undefined,
        ),
      STEP_MS,
      POLL_MS,
    ).then((refusal) => expect(refusal.details).toMatchObject({ rule: 'approver_is_submitter' }));
    await expect(system.send(approveV1, workflow(OPERATOR, period1.cycleId, first))).rejects.toMatchObject({
      code: 'SEPARATION_OF_DUTIES',
      details: { rule: 'approver_is_operator' },
    });
    for (const fundId of [first, ...others]) await approveAndPublish(period1.cycleId, fundId);

    const published = await downstream.waitFor(T.reportPublished, { cycleId: period1.cycleId }, STEP_MS, 3);
    // Approval's FundPublished comes after each ReportPublished: once all three are in, no duplicate is on its way.
    await system.log.waitFor(T.fundPublished, { cycleId: period1.cycleId }, STEP_MS, 3);
    expect(
      downstream
        .of(T.reportPublished, { cycleId: period1.cycleId })
        .map((event) => event.data.fundId)
        .sort(),
    ).toEqual(funds().sort());
    for (const event of published) {
      expect(event.data).toMatchObject({ approvedBy: REVIEWER, submittedBy: ANALYST, runId: period1.runId });
      const { stdout } = await verifyPack(event);
      expect(stdout).toMatch(/ok|valid|verified/i);
    }
  }, 300_000);

  it('period 2: deltas against the period-1 snapshot, the cross-source conflict resolved by a reviewer, all published', async () => {
    const conflict = sample.manifest.scenarios.crossSourceConflict!;
    const missing = sample.manifest.scenarios.missingArtefact!;
    // The operator learns fund 3 sends no TPT this month and stops requiring it before opening the cycle.
    await system.send(setExpectedInventoryV1, {
      ...command(OPERATOR),
      ...sample.manifest.expectedInventory,
      funds: sample.manifest.expectedInventory.funds.map((fund) => ({
        ...fund,
        artefacts: fund.artefacts.map((artefact) =>
          fund.fundId === missing.fundId && artefact.artefactType === missing.artefactType
            ? { ...artefact, required: false }
            : artefact,
        ),
      })),
    });
    const period2 = await openAndUpload(PERIODS[1], documentsOf(PERIODS[1]));
    const outcome = await reportStageOutcome(period2.runId);
    expect({ type: outcome.type, data: outcome.data }).toMatchObject({ type: T.draftsCompleted });

    for (const fundId of funds()) {
      const [deltas] = system.log.of(T.deltas, { runId: period2.runId, fundId });
      expect(deltas.data).toMatchObject({ baseline: false });
      expect(deltas.data.priorSnapshotId).toEqual(expect.any(String));
      expect((deltas.data.deltas as unknown[]).length).toBeGreaterThan(0);
    }
    const blocking = system.log
      .of(T.exceptionRaised, { runId: period2.runId, fundId: conflict.fundId })
      .filter((event) => event.data.blocking === true);
    expect(blocking.map((event) => event.data.kind)).toContain('contradiction');
    // Held back: no memo for the conflicted fund until a reviewer decides.
    expect(system.log.of(T.memoDrafted, { runId: period2.runId, fundId: conflict.fundId })).toEqual([]);
    expect(system.log.of(T.ready, { runId: period2.runId, fundId: conflict.fundId })).toEqual([]);

    const replies = [];
    for (const exception of blocking)
      replies.push(
        await system.send<{ status: string; fundReady: boolean }>(actOnExceptionV1, {
          commandId: randomUUID(),
          actor: REVIEWER,
          actorRoles: ['reviewer'],
          exceptionId: exception.data.exceptionId,
          action: 'accept',
          rationale: 'The N-PORT is the filed figure; the factsheet was produced before the final NAV.',
        }),
      );
    expect(replies.map((reply) => reply.status)).toEqual(blocking.map(() => 'resolved'));
    expect(replies.at(-1)).toMatchObject({ fundReady: true });
    await system.log.waitFor(T.memoDrafted, { runId: period2.runId, fundId: conflict.fundId }, STEP_MS);

    for (const fundId of funds()) await approveAndPublish(period2.cycleId, fundId);
    const published = await downstream.waitFor(T.reportPublished, { cycleId: period2.cycleId }, STEP_MS, 3);
    await system.log.waitFor(T.fundPublished, { cycleId: period2.cycleId }, STEP_MS, 3);
    expect(downstream.of(T.reportPublished, { cycleId: period2.cycleId })).toHaveLength(3);
    for (const event of published) expect((await verifyPack(event)).stdout).not.toBe('');
  }, 300_000);

  it('failure path: corrupted input bytes fail the extract stage, nothing is published; a rerun is linked to run 1', async () => {
    // A portfolio of its own (other seed: other ISINs), so the cycles above are untouched.
    const other = await generateSamplePortfolio({
      funds: 1,
      seed: 'cycle-e2e-failure',
      periods: [PERIODS[1]],
      portfolioId: 'failure-portfolio',
      factsheets: false,
    });
    await system.send(registerPortfolioV1, { ...command(OPERATOR), ...other.manifest.portfolio });
    await system.send(setExpectedInventoryV1, { ...command(OPERATOR), ...other.manifest.expectedInventory });
    const [fund] = other.manifest.portfolio.funds;
    const documents = other.documents;
    const victim = documents.find((document) => document.artefactType === 'nport')!;
    const victimPath = storedPath(sha256Of(victim.content));

    // Extraction is down while the documents come in, and the stored N-PORT rots before it is back.
    await system.stopOne('extraction');
    const run1 = await openAndUpload(PERIODS[1], documents, other.manifest.portfolio.portfolioId);
    chmodSync(victimPath, 0o644);
    writeFileSync(victimPath, Buffer.from('these are not the bytes that were ingested'));
    await system.startOne('extraction');

    const outcome = await reportStageOutcome(run1.runId);
    expect(outcome).toMatchObject({
      type: 'fai.extraction.extraction-stage-failed.v1',
      data: { stage: 'extract', errorCode: 'ARTEFACT_CORRUPTED' },
    });
    const [failed] = await system.log.waitFor(T.runFailed, { runId: run1.runId }, STEP_MS);
    expect(failed.data).toMatchObject({
      stage: 'extract',
      errorCode: 'ARTEFACT_CORRUPTED',
      publicationBlocked: true,
    });
    await expect(
      system.send(publishFundV1, { ...command(OPERATOR), cycleId: run1.cycleId, fundId: fund.fundId }),
    ).rejects.toMatchObject({ code: 'MEMO_NOT_FOUND' });

    // The operator restores the bytes from the original document and starts run 2 in place of run 1.
    writeFileSync(victimPath, victim.content);
    const run2 = await system.send<{ cycleId: string; runId: string }>(startRerunV1, {
      ...command(OPERATOR),
      cycleId: run1.cycleId,
      replacesRunId: run1.runId,
    });
    expect(run2.cycleId).toBe(run1.cycleId);
    const [started] = await system.log.waitFor(T.runStarted, { runId: run2.runId }, STEP_MS);
    expect(started.data).toMatchObject({ runNumber: 2, replacesRunId: run1.runId });
    expect(started.actor).toBe(OPERATOR);
    // Nothing of run 1 ever reached a reader downstream.
    expect(system.log.of(T.memoDrafted, { runId: run1.runId })).toEqual([]);
    expect(downstream.of(T.reportPublished, { runId: run1.runId })).toEqual([]);
    rerun = { runId: run2.runId, fundId: fund.fundId };
  }, 300_000);

  // The failure's hint says: restore the bytes, then rerun. The rerun reads the restored bytes again.
  it('the rerun, with the bytes restored, drafts the fund', async () => {
    const outcome = await reportStageOutcome(rerun.runId);
    expect({ type: outcome.type, data: outcome.data }).toMatchObject({ type: T.draftsCompleted });
    await system.log.waitFor(T.memoDrafted, rerun, STEP_MS);
  }, 300_000);
});
