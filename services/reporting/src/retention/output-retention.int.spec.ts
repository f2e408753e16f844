import { join } from 'node:path';
import { FilesystemArtefactStore } from '@fai/artefact-store';
import {
  getKpiSnapshotV1,
  legalHoldPlacedV1,
  legalHoldReleasedV1,
  REPORT_OUTPUT_KINDS,
  runOutputRetentionSweepV1,
  sourcePolicySetV1,
  type AnyCommandContract,
  type OutputRetentionSweepReply,
  type ReportOutputContentDeletedV1,
} from '@fai/contracts';
import { openReportingWorld, type ReportingWorld } from '../../test/reporting-world';
import type { StoredOutput } from '../infrastructure/output-store';
import type { OutputKind } from '../infrastructure/reporting.repository';

/*
 * Output retention on the real servers: ingest's source policy and legal holds arrive as ingest's
 * relay publishes them, the sweep runs as the RunOutputRetentionSweep command, the events go to the
 * event store and the bytes leave the output store. The outputs are registered directly (what the
 * drafting and publication paths register), generated ten days ago under a one-day retention rule.
 */

const DAY = 24 * 60 * 60 * 1000;
const PORTFOLIO = 'pf-retention';
const RUN = { portfolioId: PORTFOLIO, cycleId: 'pf-retention-2026-10', runId: 'pf-retention-2026-10-run-1' };
const DEFENSIBILITY_DAYS = 30;
const generatedAt = new Date(Date.now() - 10 * DAY);
const publishedAt = new Date(Date.now() - 2 * DAY);

let world: ReportingWorld;
let contentStore: FilesystemArtefactStore;
// A: fund-a's unpublished draft; B: fund-b's published memo; C: fund-c's draft, under a fund hold.
// A's and C's HTML are the same bytes: one file in the output store.
let inputA: StoredOutput;
let shared: StoredOutput;
let pdfB: StoredOutput;
let inputC: StoredOutput;

const send = <T>(contract: AnyCommandContract, request: object) =>
  world.commands.send<T>(contract.subject.replace(/^[^.]+/, world.commandPrefix), request);
const sweep = (commandId: string, dryRun = false) =>
  send<OutputRetentionSweepReply>(runOutputRetentionSweepV1, { commandId, actor: 'user-7', dryRun });
const ids = (outputs: ReadonlyArray<{ outputId: string }>) => outputs.map((output) => output.outputId).sort();

async function register(
  kind: OutputKind,
  stored: StoredOutput,
  of: { fundId: string; memoId: string; reportId?: string },
): Promise<void> {
  await world.service.repository.insertOutputs(world.test.db, [
    {
      ...stored,
      kind,
      memoId: of.memoId,
      reportId: of.reportId ?? null,
      run: RUN,
      fundId: of.fundId,
      generatedAt,
      templateVersion: 'memo@1',
      approvalStamp: null,
    },
  ]);
}

async function deletedEvents(outputId: string) {
  const events = await world.store.readStream(`output-${outputId}`);
  return events.map(({ type, data }) => ({ type, data: data as ReportOutputContentDeletedV1 }));
}

beforeAll(async () => {
  world = await openReportingWorld();
  contentStore = new FilesystemArtefactStore(join(world.root, 'outputs'));
  const { outputs, repository } = world.service;
  inputA = await outputs.put(Buffer.from('{"memo":"input of fund-a"}'));
  shared = await outputs.put(Buffer.from('<html>the same memo</html>'));
  pdfB = await outputs.put(Buffer.from('%PDF published memo of fund-b'));
  inputC = await outputs.put(Buffer.from('{"memo":"input of fund-c"}'));
  await register('memo_input', inputA, { fundId: 'fund-a', memoId: 'memo-a' });
  await register('memo_html', shared, { fundId: 'fund-a', memoId: 'memo-a' });
  await register('memo_pdf', pdfB, { fundId: 'fund-b', memoId: 'memo-b', reportId: 'report-b' });
  await register('memo_input', inputC, { fundId: 'fund-c', memoId: 'memo-c' });
  await register('memo_html', shared, { fundId: 'fund-c', memoId: 'memo-c' });
  await repository.insertDraft(world.test.db, {
    memoId: 'memo-a',
    run: RUN,
    fundId: 'fund-a',
    version: 1,
    templateVersion: 'memo@1',
    inputSha256: inputA.sha256,
    htmlSha256: shared.sha256,
    pdfSha256: pdfB.sha256,
    packId: 'pack-a',
    packSha256: pdfB.sha256,
    manifestSha256: pdfB.sha256,
    evidenceCoverage: '1',
    figures: 0,
    draftedAt: generatedAt,
  });
  await repository.insertPublication(world.test.db, {
    reportId: 'report-b',
    cycleId: RUN.cycleId,
    fundId: 'fund-b',
    memoId: 'memo-b',
    commandId: 'publish-b',
    reply: { reportId: 'report-b', files: [{ kind: 'memo_pdf', ...pdfB }] },
    publishedBy: 'ops-5',
    publishedAt,
    channel: 'event:test',
  });

  await world.publish(sourcePolicySetV1, {
    portfolioId: PORTFOLIO,
    sourcePolicyId: `${PORTFOLIO}-source-policy-v1`,
    version: 1,
    rules: [{ sourceType: 'upload', origins: ['*'] }],
    outputRetention: REPORT_OUTPUT_KINDS.map((outputType) => ({
      outputType,
      retentionDays: 1,
      defensibilityDays: DEFENSIBILITY_DAYS,
    })),
    actor: 'user-7',
    reason: 'Keep outputs only as long as reports need them.',
    at: new Date(Date.now() - 20 * DAY).toISOString(),
  });
  const held = await world.publish(legalHoldPlacedV1, {
    holdId: 'hold-fund-c',
    scope: 'fund',
    targetId: 'fund-c',
    actor: 'user-7',
    reason: 'Inquiry 2026-114',
    at: new Date().toISOString(),
  });
  // Ordered consumer: once the hold is applied, so is the policy published before it.
  await world.waitProcessed('reporting-retention', held);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe('output retention on the real PostgreSQL and NATS', () => {
  it('a dry run says what would go and what is kept, and deletes nothing', async () => {
    const reply = await sweep('dry-1', true);
    expect(reply.dryRun).toBe(true);
    expect(ids(reply.deleted)).toEqual(['memo-a:memo_html', 'memo-a:memo_input']);
    expect(reply.kept).toEqual(
      expect.arrayContaining([
        {
          outputId: 'report-b:memo_pdf',
          kind: 'memo_pdf',
          portfolioId: PORTFOLIO,
          sha256: pdfB.sha256,
          reason: 'report_defensibility',
          reportId: 'report-b',
          until: new Date(publishedAt.getTime() + DEFENSIBILITY_DAYS * DAY).toISOString(),
        },
        expect.objectContaining({
          outputId: 'memo-c:memo_input',
          reason: 'legal_hold',
          holdIds: ['hold-fund-c'],
        }),
        expect.objectContaining({
          outputId: 'memo-c:memo_html',
          reason: 'legal_hold',
          holdIds: ['hold-fund-c'],
        }),
      ]),
    );
    expect(reply.kept).toHaveLength(3);
    expect(await contentStore.has(inputA.sha256)).toBe(true);
    expect(await deletedEvents('memo-a:memo_input')).toEqual([]);
  });

  it('deletes an expired draft output with an event; reading it is OUTPUT_CONTENT_DELETED; shared bytes stay', async () => {
    const reply = await sweep('sweep-1');
    expect(ids(reply.deleted)).toEqual(['memo-a:memo_html', 'memo-a:memo_input']);
    const [event] = await deletedEvents('memo-a:memo_input');
    expect(event).toMatchObject({
      type: 'ReportOutputContentDeleted',
      data: {
        outputId: 'memo-a:memo_input',
        kind: 'memo_input',
        portfolioId: PORTFOLIO,
        cycleId: RUN.cycleId,
        runId: RUN.runId,
        fundId: 'fund-a',
        sha256: inputA.sha256,
        sweepId: reply.sweepId,
        sourcePolicyId: `${PORTFOLIO}-source-policy-v1`,
        retentionDays: 1,
        defensibilityDays: DEFENSIBILITY_DAYS,
        actor: 'user-7',
        at: reply.at,
      },
    });
    expect(await contentStore.has(inputA.sha256)).toBe(false);
    // fund-c's HTML, held, has the same bytes as fund-a's deleted one: they stay, and stay readable.
    expect(await deletedEvents('memo-a:memo_html')).toHaveLength(1);
    expect(await contentStore.has(shared.sha256)).toBe(true);
    await expect(world.service.outputs.get(shared.sha256)).resolves.toEqual(
      Buffer.from('<html>the same memo</html>'),
    );
    await expect(world.service.outputs.get(inputA.sha256)).rejects.toMatchObject({
      code: 'OUTPUT_CONTENT_DELETED',
      details: { sha256: inputA.sha256, outputId: 'memo-a:memo_input' },
    });
    // Over the wire: the KPI snapshot of fund-a is read from its deleted memo input.
    await expect(send(getKpiSnapshotV1, { cycleId: RUN.cycleId, fundId: 'fund-a' })).rejects.toMatchObject({
      code: 'OUTPUT_CONTENT_DELETED',
    });
    // Kept: the published memo within its defensibility period and the held fund's outputs.
    expect([await contentStore.has(pdfB.sha256), await contentStore.has(inputC.sha256)]).toEqual([
      true,
      true,
    ]);
    // Nothing is deleted twice.
    expect((await sweep('sweep-2')).deleted).toEqual([]);
    expect(await deletedEvents('memo-a:memo_input')).toHaveLength(1);
  });

  it('once the hold is released, the held outputs go, and with them the shared bytes', async () => {
    const released = await world.publish(legalHoldReleasedV1, {
      holdId: 'hold-fund-c',
      scope: 'fund',
      targetId: 'fund-c',
      actor: 'user-9',
      reason: 'Inquiry closed',
      at: new Date().toISOString(),
    });
    await world.waitProcessed('reporting-retention', released);
    const reply = await sweep('sweep-3');
    expect(ids(reply.deleted)).toEqual(['memo-c:memo_html', 'memo-c:memo_input']);
    expect(ids(reply.kept)).toEqual(['report-b:memo_pdf']);
    expect([await contentStore.has(shared.sha256), await contentStore.has(inputC.sha256)]).toEqual([
      false,
      false,
    ]);
    expect(await contentStore.has(pdfB.sha256)).toBe(true);
  });
});
