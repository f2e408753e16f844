import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  exceptionsRankedV1,
  fundApprovedV1,
  fundReadyForReportV1,
  REPORT_OUTPUT_KINDS,
  sourcePolicySetV1,
  type CloudEvent,
  type MemoDraftedV1,
  type PublishFundReply,
  type PublishFundRequest,
} from '@fai/contracts';
import { PgDatabase } from '@fai/event-store';
import { PG_URL, uniqueName } from '@fai/testing';
import { FUND_ID, realFund, RUN } from '../../services/reporting/test/real-fund.fixture';
import { openReportingWorld, type ReportingWorld } from '../../services/reporting/test/reporting-world';
import { backupCli, databaseUrl } from './backup-cli';

/**
 * The restore drill over a real publication: the reporting service drafts, is approved and publishes a
 * fund; its schema and output store are backed up and restored into a fresh database and directory,
 * and the drill proves the published files, the evidence pack and the re-rendered memo. Runs the built
 * CLI (`npm run build` first when running this file alone): Jest maps only libs, not services, by name.
 */
const databases: string[] = [];
let world: ReportingWorld;
let admin: PgDatabase;
let reply: PublishFundReply;

const of = (type: string) => (event: CloudEvent) => event.type.endsWith(type);

beforeAll(async () => {
  world = await openReportingWorld();
  const fund = realFund();
  await world.putArtefact(fund.artefacts[0]);
  world.claims.set(RUN.runId, { claims: fund.claims, claimSets: fund.claimSets });
  world.reviews.set(FUND_ID, fund.review);
  await world.publish(fundReadyForReportV1, {
    ...RUN,
    fundId: FUND_ID,
    at: '2023-01-20T12:00:00.000Z',
    openExceptions: 1,
    policies: { ruleset: 'ruleset@1', materiality: 'materiality@1', sourcePolicy: 'source-policy@1' },
  });
  await world.publish(exceptionsRankedV1, { ...RUN, at: '2023-01-20T12:01:00.000Z' });
  const memo = (await world.waitFor(of('.reporting.memo-drafted.v1'), 'MemoDrafted')).data as MemoDraftedV1;
  await world.publish(fundApprovedV1, {
    ...RUN,
    fundId: FUND_ID,
    memoId: memo.memoId,
    approvedBy: 'approver-9',
    submittedBy: 'analyst-7',
    notes: 'Evidence checked.',
    at: '2023-01-25T16:00:00.000Z',
  });
  await world.waitUntil(async () => {
    const state = await world.service.repository.publicationState(world.test.db, RUN.cycleId, FUND_ID);
    return state.latestDraft?.approval.state === 'approved';
  }, 'the approval to be recorded');
  reply = await world.commands.send<PublishFundReply, PublishFundRequest>(world.publishSubject, {
    commandId: randomUUID(),
    actor: 'ops-5',
    reason: 'restore drill',
    cycleId: RUN.cycleId,
    fundId: FUND_ID,
  });
  admin = new PgDatabase({ connectionString: PG_URL, max: 1 });
}, 120_000);

afterAll(async () => {
  for (const database of databases) await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin?.close();
  await world?.close();
});

/** Backs up the world's reporting schema and output store as they are now, and restores them into a fresh database. */
async function drill(name: string) {
  const schema = world.test.schema;
  const database = uniqueName('restorepub');
  databases.push(database);
  await admin.query(`CREATE DATABASE ${database}`);
  const backup = backupCli(
    { FAI_PG_URL: PG_URL, FAI_SCHEMAS: schema, FAI_OUTPUT_DIR: join(world.root, 'outputs') },
    'backup',
    '--out',
    join(world.root, `${name}-backup`),
  );
  expect(backup.err).toBe('');
  return backupCli(
    {
      FAI_PG_URL: databaseUrl(database),
      FAI_OUTPUT_DIR: join(world.root, `${name}-restored`),
      FAI_REPORTING_SCHEMA: schema,
    },
    'restore',
    '--from',
    join(world.root, `${name}-backup`),
  );
}

const file = (kind: string) => reply.files.find((published) => published.kind === kind)!;

describe('restore drill over published reports', () => {
  it('restores the output store and proves every published file, evidence pack and re-rendered memo', async () => {
    const restore = await drill('intact');
    expect(restore.err).toBe('');
    expect(JSON.parse(restore.out)).toMatchObject({
      ok: true,
      restored: {
        outputs: { corrupt: [] },
        published: { reports: 1, files: 3, packsVerified: 1, memosRerendered: 1 },
      },
      problems: [],
    });
    expect(restore.code).toBe(0);
  });

  it('fails with a typed error naming the report and file when the memo no longer renders from its input', async () => {
    // The registry row is mutable (the event log is not): an edited approval stamp renders other bytes.
    await world.test.db.query(
      `UPDATE "${world.test.schema}".outputs SET approval_stamp = approval_stamp || '{"notes":"edited"}' WHERE report_id = $1`,
      [reply.reportId],
    );
    const restore = await drill('restamped');
    expect(restore.code).toBe(2);
    expect(JSON.parse(restore.err)).toMatchObject({
      code: 'PUBLISHED_OUTPUT_MISMATCH',
      message: expect.stringContaining('rendered again'),
      details: { reportId: reply.reportId, file: 'memo_html', sha256: file('memo_html').sha256 },
    });
  });

  it('fails with a typed error naming the report and file when a published file lost its content', async () => {
    const pack = file('evidence_pack');
    const path = join(world.root, 'outputs', pack.sha256.slice(0, 2), pack.sha256);
    rmSync(path, { force: true });
    writeFileSync(path, 'not the pack');
    const restore = await drill('damaged');
    expect(restore.code).toBe(2);
    expect(JSON.parse(restore.err)).toMatchObject({
      code: 'PUBLISHED_OUTPUT_MISMATCH',
      details: { reportId: reply.reportId, file: 'evidence_pack', sha256: pack.sha256 },
    });
  });

  it('reports published files whose content output retention deleted as such, not as missing, and passes', async () => {
    const policy = await world.publish(sourcePolicySetV1, {
      portfolioId: RUN.portfolioId,
      sourcePolicyId: `${RUN.portfolioId}-source-policy-v1`,
      version: 1,
      rules: [{ sourceType: 'upload', origins: ['*'] }],
      outputRetention: REPORT_OUTPUT_KINDS.map((outputType) => ({
        outputType,
        retentionDays: 0,
        defensibilityDays: 0,
      })),
      actor: 'user-7',
      reason: 'restore drill after retention',
      at: new Date().toISOString(),
    });
    await world.waitProcessed('reporting-retention', policy);
    const sweep = await world.service.retentionSweeps.sweep({
      commandId: randomUUID(),
      actor: 'user-7',
      dryRun: false,
    });
    expect(sweep.deleted.map((output) => output.kind)).toEqual(
      expect.arrayContaining(['memo_html', 'memo_pdf', 'evidence_pack', 'memo_input']),
    );
    const restore = await drill('retained');
    expect(restore.err).toBe('');
    expect(JSON.parse(restore.out)).toMatchObject({
      ok: true,
      restored: {
        published: {
          reports: 1,
          files: 0,
          deletedByRetention: expect.arrayContaining(
            reply.files.map((published) => ({
              reportId: reply.reportId,
              file: published.kind,
              sha256: published.sha256,
            })),
          ),
        },
      },
      problems: [],
    });
    expect(restore.code).toBe(0);
  });
});
