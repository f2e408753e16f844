import { createHash } from 'node:crypto';
import { access } from 'node:fs/promises';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import {
  placeLegalHoldV1,
  releaseLegalHoldV1,
  runRetentionSweepV1,
  setSourcePolicyV1,
  type AnyCommandContract,
  type IntakeReply,
  type RetentionSweepReply,
} from '@fai/contracts';
import { FilesystemArtefactStore } from '@fai/artefact-store';
import { ident } from '@fai/event-store';
import { CommandClient } from '@fai/messaging';
import { commandSubjectIn } from '@fai/service-kit';
import { NATS_URL } from '@fai/testing';
import { factsheetPdf, navHistoryCsv, nportXml } from '../test/documents';
import { eventually, startIngest, until, type IngestHarness } from '../test/ingest-app.harness';
import { multipartBody, type FilePart } from '../test/multipart-body';
import {
  CYCLE,
  cycleOpened,
  expectedInventorySet,
  FUND_7,
  FUND_8,
  PORTFOLIO,
  portfolioRegistered,
  RUN,
  runStarted,
} from '../test/scheduler-facts.fixture';
import { RetentionRepository } from './retention.repository';
import { RetentionSweepService } from './retention-sweep.service';

const DAY = 24 * 60 * 60 * 1000;
const DEFENSIBILITY_DAYS = 30;
// Ingest keeps no outputs: it only carries these to reporting in SourcePolicySet.
const OUTPUT_RETENTION = [{ outputType: 'memo_pdf', retentionDays: 365, defensibilityDays: 3650 }] as const;
const sha256 = (content: Buffer | string) => createHash('sha256').update(content).digest('hex');

let h: IngestHarness;
let proxy: ClientProxy;
let client: CommandClient;
let contentStore: FilesystemArtefactStore;
const sendTo = <T>(harness: IngestHarness, contract: AnyCommandContract, request: object) =>
  client.send<T>(commandSubjectIn(harness.commandPrefix, contract.subject), request);
const send = <T>(contract: AnyCommandContract, request: object) => sendTo<T>(h, contract, request);

// A: fund-7's N-PORT, which the published report depends on; B: fund-8's NAV history, under a legal
// hold; C: fund-8's factsheet, which nothing keeps.
let a: IntakeReply;
let b: IntakeReply;
let c: IntakeReply;
let holdId: string;
const publishedAt = new Date(Date.now() - DAY);

async function upload(
  fields: Record<string, string>,
  file: FilePart,
  harness: IngestHarness = h,
): Promise<IntakeReply> {
  const { body, contentType } = multipartBody(fields, file);
  const response = await fetch(`${harness.url}/artefacts`, {
    method: 'POST',
    body: new Uint8Array(body),
    headers: { 'content-type': contentType, 'x-fai-actor': 'user-42' },
  });
  expect(response.status).toBe(201);
  return (await response.json()) as IntakeReply;
}

async function recordedReports(): Promise<number> {
  const { rows } = await h.schema.db.query<{ n: string }>(
    `SELECT count(*) AS n FROM ${ident(h.schema.schema)}.published_reports`,
  );
  return Number(rows[0]!.n);
}

const stored = (reply: IntakeReply) =>
  access(contentStore.contentPath(reply.sha256)).then(
    () => true,
    () => false,
  );
const sweepAt = (commandId: string, at: Date) =>
  h.app.get(RetentionSweepService).sweep({ commandId, actor: 'user-7', dryRun: false }, at);

/** The portfolio's run collecting, and a source policy that keeps every class for no time at all. */
async function openRunWithRetention(harness: IngestHarness): Promise<void> {
  const expected = [
    { fundId: FUND_7.fundId, artefacts: [{ artefactType: 'nport', required: true }] },
    { fundId: FUND_8.fundId, artefacts: [{ artefactType: 'nav_history', required: true }] },
  ];
  for (const fact of [portfolioRegistered(), expectedInventorySet(expected), cycleOpened(), runStarted()])
    await harness.publish(fact);
  await until(async () => (await fetch(`${harness.url}/runs/${RUN}/inventory`)).ok, 'the run inventory');
  await sendTo(harness, setSourcePolicyV1, {
    commandId: 'retention-policy',
    actor: 'user-7',
    reason: 'Keep source documents only as long as reports need them.',
    portfolioId: PORTFOLIO,
    rules: [{ sourceType: 'upload', origins: ['*'] }],
    retention: (['nport', 'nav_history', 'factsheet'] as const).map((documentType) => ({
      documentType,
      retentionDays: 0,
      defensibilityDays: DEFENSIBILITY_DAYS,
    })),
    outputRetention: OUTPUT_RETENTION,
  });
}

beforeAll(async () => {
  h = await startIngest();
  contentStore = new FilesystemArtefactStore(h.artefactDir);
  proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [NATS_URL] } });
  await proxy.connect();
  client = new CommandClient(proxy, { timeoutMs: 20_000 });
  await openRunWithRetention(h);
  a = await upload(
    { portfolioId: PORTFOLIO, fundId: FUND_7.fundId },
    { fileName: 'nport.xml', contentType: 'application/xml', content: nportXml() },
  );
  b = await upload(
    { portfolioId: PORTFOLIO },
    { fileName: 'nav.csv', contentType: 'text/csv', content: navHistoryCsv(FUND_8.isin) },
  );
  c = await upload(
    { portfolioId: PORTFOLIO },
    { fileName: 'factsheet.pdf', contentType: 'application/pdf', content: factsheetPdf(FUND_8.isin) },
  );
  await h.publishReporting('ReportPublished', {
    portfolioId: PORTFOLIO,
    cycleId: CYCLE,
    runId: RUN,
    fundId: FUND_7.fundId,
    reportId: 'report-1',
    memoId: 'memo-1',
    packId: 'pack-1',
    snapshotId: sha256('snapshot'),
    approvedBy: 'user-17',
    submittedBy: 'user-42',
    files: [
      { kind: 'memo_pdf', sha256: sha256('memo'), uri: `fai-output://sha256/${sha256('memo')}`, bytes: 4 },
    ],
    at: publishedAt.toISOString(),
  });
  await until(async () => (await recordedReports()) === 1, 'the published report to be recorded');
});

afterAll(async () => {
  await proxy?.close();
  await h?.close();
});

describe('legal holds and the retention sweep, on the real PostgreSQL and NATS', () => {
  it("carries the policy's output retention rules to reporting in SourcePolicySet", async () => {
    expect(await h.storedEvents('SourcePolicySet')).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({
          sourcePolicyId: `${PORTFOLIO}-source-policy-v1`,
          outputRetention: OUTPUT_RETENTION,
        }),
      }),
    ]);
  });

  it('places a legal hold with an event; refuses one on an unknown artefact', async () => {
    const reply = await send<{ holdId: string }>(placeLegalHoldV1, {
      commandId: 'hold-b',
      actor: 'user-7',
      reason: 'Inquiry 2026-114',
      scope: 'artefact',
      targetId: b.artefactId,
    });
    holdId = reply.holdId;
    expect(reply).toEqual({
      holdId: expect.stringMatching(/^hold-/),
      scope: 'artefact',
      targetId: b.artefactId,
    });
    expect(
      await send(placeLegalHoldV1, {
        commandId: 'hold-b',
        actor: 'user-7',
        reason: 'Inquiry 2026-114',
        scope: 'artefact',
        targetId: b.artefactId,
      }),
    ).toEqual(reply);
    expect(await h.storedEvents('LegalHoldPlaced')).toEqual([
      expect.objectContaining({
        streamId: `legal-hold-${holdId}`,
        data: expect.objectContaining({ holdId, scope: 'artefact', targetId: b.artefactId, actor: 'user-7' }),
      }),
    ]);
    await expect(
      send(placeLegalHoldV1, {
        commandId: 'hold-nothing',
        actor: 'user-7',
        reason: 'typo',
        scope: 'artefact',
        targetId: 'art-unknown',
      }),
    ).rejects.toMatchObject({ code: 'ARTEFACT_NOT_FOUND' });
  });

  it('a dry run says what would go and what is kept, and deletes nothing', async () => {
    const reply = await send<RetentionSweepReply>(runRetentionSweepV1, {
      commandId: 'dry-1',
      actor: 'user-7',
      dryRun: true,
    });
    expect(reply).toMatchObject({ dryRun: true, deleted: [{ artefactId: c.artefactId, sha256: c.sha256 }] });
    expect(reply.kept).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ artefactId: b.artefactId, reason: 'legal_hold', holdIds: [holdId] }),
        expect.objectContaining({
          artefactId: a.artefactId,
          reason: 'report_dependency',
          reportId: 'report-1',
          until: new Date(publishedAt.getTime() + DEFENSIBILITY_DAYS * DAY).toISOString(),
        }),
      ]),
    );
    expect(await stored(c)).toBe(true);
    expect(await h.storedEvents('ArtefactContentDeleted')).toEqual([]);
  });

  it('deletes the bytes nothing keeps, with an event; the record and hash stay', async () => {
    const reply = await send<RetentionSweepReply>(runRetentionSweepV1, {
      commandId: 'sweep-1',
      actor: 'user-7',
      dryRun: false,
    });
    expect(reply.deleted.map((artefact) => artefact.artefactId)).toEqual([c.artefactId]);
    expect(await stored(c)).toBe(false);
    expect([await stored(a), await stored(b)]).toEqual([true, true]);
    const [event] = await eventually(
      () => h.busEvents('ArtefactContentDeleted'),
      (events) => events.length === 1,
      'ArtefactContentDeleted on the bus',
    );
    expect(event).toMatchObject({
      actor: 'user-7',
      data: {
        artefactId: c.artefactId,
        sha256: c.sha256,
        documentType: 'factsheet',
        sweepId: reply.sweepId,
        sourcePolicyId: `${PORTFOLIO}-source-policy-v1`,
        retentionDays: 0,
        defensibilityDays: DEFENSIBILITY_DAYS,
      },
    });
    const record = await fetch(`${h.url}/artefacts/${c.artefactId}`);
    expect(await record.json()).toMatchObject({ sha256: c.sha256, contentDeletedAt: reply.at });
    const content = await fetch(`${h.url}/artefacts/${c.artefactId}/content`);
    expect(content.status).toBe(410);
    expect(await content.json()).toMatchObject({ code: 'ARTEFACT_CONTENT_DELETED' });
    const again = await send<RetentionSweepReply>(runRetentionSweepV1, {
      commandId: 'sweep-1',
      actor: 'user-7',
      dryRun: false,
    });
    expect(again.deleted).toEqual([]);
    expect(await h.storedEvents('ArtefactContentDeleted')).toHaveLength(1);
  });

  it('keeps what the published report depends on until its defensibility period ends', async () => {
    const lastDefensibleDay = new Date(publishedAt.getTime() + (DEFENSIBILITY_DAYS * DAY - 1000));
    // What a deletion is decided again on, under the lock: the facts about that one artefact.
    const recheck = await h.app.get(RetentionRepository).facts(undefined, a.artefactId);
    expect(recheck.artefacts.map((artefact) => artefact.artefactId)).toEqual([a.artefactId]);
    expect(recheck.reports.map((report) => report.reportId)).toEqual(['report-1']);
    expect((await sweepAt('sweep-2', lastDefensibleDay)).deleted).toEqual([]);
    expect(await stored(a)).toBe(true);
    const after = await sweepAt('sweep-3', new Date(publishedAt.getTime() + DEFENSIBILITY_DAYS * DAY));
    expect(after.deleted.map((artefact) => artefact.artefactId)).toEqual([a.artefactId]);
    expect(after.kept).toEqual([expect.objectContaining({ artefactId: b.artefactId, reason: 'legal_hold' })]);
    expect(await stored(a)).toBe(false);
    expect(await stored(b)).toBe(true);
    const [deleted] = (await h.storedEvents('ArtefactContentDeleted')).slice(-1);
    expect(deleted).toMatchObject({
      streamId: `artefact-${a.artefactId}`,
      data: { artefactId: a.artefactId, lastDependentReportId: 'report-1' },
    });
  });

  it('releases the hold with an event, after which the held artefact goes; a second release is refused', async () => {
    const release = { commandId: 'release-b', actor: 'user-9', reason: 'Inquiry closed', holdId };
    expect(await send(releaseLegalHoldV1, release)).toEqual({
      holdId,
      scope: 'artefact',
      targetId: b.artefactId,
    });
    expect(await send(releaseLegalHoldV1, release)).toEqual(await send(releaseLegalHoldV1, release));
    expect(await h.storedEvents('LegalHoldReleased')).toHaveLength(1);
    await expect(
      send(releaseLegalHoldV1, { ...release, commandId: 'release-b-again' }),
    ).rejects.toMatchObject({
      code: 'LEGAL_HOLD_ALREADY_RELEASED',
    });
    await expect(
      send(releaseLegalHoldV1, { ...release, commandId: 'release-none', holdId: 'hold-none' }),
    ).rejects.toMatchObject({ code: 'LEGAL_HOLD_NOT_FOUND' });
    const reply = await send<RetentionSweepReply>(runRetentionSweepV1, {
      commandId: 'sweep-4',
      actor: 'user-7',
      dryRun: false,
    });
    expect(reply.deleted.map((artefact) => artefact.artefactId)).toEqual([b.artefactId]);
    expect(await stored(b)).toBe(false);
  });
});

describe('the retention sweep timer', () => {
  let t: IngestHarness;

  afterAll(async () => {
    await t?.close();
  });

  it('sweeps by itself every FAI_INGEST_RETENTION_SWEEP_INTERVAL_MS, as system:retention', async () => {
    // A retried attempt starts its own ingest: the earlier one must not outlive the file.
    await t?.close();
    t = await startIngest({ retentionSweepIntervalMs: 200 });
    await openRunWithRetention(t);
    const factsheet = await upload(
      { portfolioId: PORTFOLIO },
      { fileName: 'factsheet.pdf', contentType: 'application/pdf', content: factsheetPdf(FUND_8.isin) },
      t,
    );
    const [event] = await eventually(
      () => t.storedEvents('ArtefactContentDeleted'),
      (events) => events.length === 1,
      'the timer to delete the factsheet',
    );
    expect(event).toMatchObject({ data: { artefactId: factsheet.artefactId, actor: 'system:retention' } });
    // The event commits before the bytes go (a crash in between leaves them for the next sweep).
    await until(
      async () => !(await new FilesystemArtefactStore(t.artefactDir).has(factsheet.sha256)),
      'the factsheet bytes to be deleted',
    );
  });
});
