import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  activatePolicyV1,
  artefactIngestedV1,
  cycleOpenedV1,
  EVENT_SUBJECT_PREFIX,
  getExceptionQueueV1,
  getFundReviewV1,
  reportPublishedV1,
  runExtractionCompletedV1,
  type ClaimView,
  type CommandContract,
  type EventContract,
} from '@fai/contracts';
import { ident, PgDatabase } from '@fai/event-store';
import { CommandClient, JetStreamPublisher } from '@fai/messaging';
import { freePort, PG_URL, NATS_URL, publishAs, uniqueName, eventually } from '@fai/testing';
import { ClientProxyFactory, Transport, type ClientProxy, type ServerNats } from '@nestjs/microservices';
import { connect, type NatsConnection } from 'nats';
import { commandSubjectIn } from '@fai/service-kit';
import { ADMIN, answerGetClaims, artefactId, fixture, ingested, servedClaims } from './validation-world';

/**
 * The validation service as it is deployed: the built `dist/main.js` as a process on the real
 * PostgreSQL and NATS, with its own schema, stream and subjects, validating claims read from real
 * fund documents (the N-PORT of PIMCO Low Duration Income with a factsheet and a NAV file that
 * disagree; the L&G Cash Trust KIIDs of 2019 and 2021). `npm test` builds first; run
 * `npm run build` before running this file alone.
 */
const MAIN = join(__dirname, '..', 'dist', 'main.js');
const READY_TIMEOUT_MS = 45_000;
const WAIT_MS = 30_000;
const EXIT_TIMEOUT_MS = 10_000;

const token = uniqueName('val_e2e');
const prefix = `${EVENT_SUBJECT_PREFIX}.${token}`;
const commandPrefix = `${token}-cmd`;
const schema = `${token}_validation`;
const env = {
  FAI_PG_URL: PG_URL,
  FAI_NATS_URL: NATS_URL,
  FAI_PG_SCHEMA: schema,
  FAI_EVENT_STREAM: `${token}_events`.toUpperCase(),
  // Its own events (the relay publishes `fai.validation.…`) and what it consumes, under this run's prefix.
  FAI_EVENT_STREAM_SUBJECTS: ['fai.validation.>', `${prefix}.>`].join(','),
  FAI_DLQ_STREAM: `${token}_dlq`.toUpperCase(),
  FAI_DLQ_STREAM_SUBJECTS: `fai-dlq.validation.${prefix}.>`,
  FAI_VALIDATION_SOURCE_PREFIX: prefix,
  FAI_COMMAND_SUBJECT_PREFIX: commandPrefix,
  FAI_SHUTDOWN_GRACE_MS: '5000',
};

const PIMCO = 'fund-pimco-ldi';
const LG = 'fund-lg-cash';
const cycle = (period: string) => ({
  portfolioId: 'pf-e2e',
  cycleId: `pf-e2e-${period}-scheduled`,
  runId: `pf-e2e-${period}-scheduled-run-1`,
  period,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('validation service process (real PG + NATS, real fund documents)', () => {
  const claims = new Map<string, ClaimView[]>();
  let nc: NatsConnection;
  let db: PgDatabase;
  let proxy: ClientProxy;
  let client: CommandClient;
  let responder: ServerNats;
  let child: ChildProcess | undefined;
  let exited: Promise<number | null>;
  const stderr: string[] = [];

  const send = <Req, Rep>(contract: CommandContract<Req, Rep>, request: Req) =>
    client.send<Rep>(commandSubjectIn(commandPrefix, contract.subject), request);
  const publish = <T>(contract: EventContract<T>, data: T) =>
    publishAs(new JetStreamPublisher(nc.jetstream()), contract, data, { prefix });
  /** Validation's recorded events of a run, from its own store. */
  const eventsOf = async (runId: string) =>
    (
      await db.query<{ event_type: string; data: Record<string, unknown> }>(
        `SELECT event_type, data FROM ${ident(schema)}.events WHERE metadata->>'runId' = $1 ORDER BY global_position`,
        [runId],
      )
    ).rows;
  const open = async (period: string) =>
    publish(cycleOpenedV1, {
      cycleId: cycle(period).cycleId,
      portfolioId: 'pf-e2e',
      period,
      kind: 'scheduled',
      pinnedPolicyVersions: {},
      cause: { kind: 'clock' },
      at: '2026-11-04T07:00:00.000Z',
    });
  /** Runs a cycle through validation; resolves with its events once the rank stage is recorded. */
  const validate = async (
    period: string,
    funds: Array<[string, ReturnType<typeof fixture>, 'nport' | 'kiid' | 'factsheet' | 'nav_history']>,
  ) => {
    const run = cycle(period);
    await open(period);
    for (const [fundId, file, type] of funds)
      for (const artefact of file.artefacts)
        await publish(artefactIngestedV1, ingested(run, artefact, fundId, type));
    claims.set(
      run.runId,
      funds.flatMap(([fundId, file]) => servedClaims(file, fundId, artefactId)),
    );
    await publish(runExtractionCompletedV1, {
      portfolioId: run.portfolioId,
      cycleId: run.cycleId,
      runId: run.runId,
      at: '2026-11-04T10:30:00.000Z',
    });
    return eventually(
      `${run.runId} ranked`,
      async () => {
        const events = await eventsOf(run.runId);
        return events.some((event) => event.event_type === 'ExceptionsRanked') ? events : undefined;
      },
      WAIT_MS,
    );
  };

  beforeAll(async () => {
    // `npm test` builds first; a missing build is a failure, never a silently skipped suite.
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
    nc = await connect({ servers: NATS_URL });
    db = new PgDatabase({ connectionString: PG_URL, max: 2 });
    proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [NATS_URL] } });
    await proxy.connect();
    client = new CommandClient(proxy, { timeoutMs: 20_000 });
    responder = await answerGetClaims(commandPrefix, claims);
    const port = await freePort();
    const { NODE_OPTIONS: _jest, ...inherited } = process.env;
    child = spawn(process.execPath, [MAIN], {
      env: { ...inherited, ...env, FAI_HTTP_PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    exited = new Promise((resolve) => child!.once('exit', (code) => resolve(code)));
    // Until the process listens, the request is refused.
    await eventually(
      'validation ready',
      async () => {
        if (child!.exitCode !== null) throw new Error(`the validation service exited:\n${stderr.join('')}`);
        const status = await fetch(`http://127.0.0.1:${port}/health/ready`)
          .then((response) => response.status)
          .catch(() => undefined);
        return status === 200 ? true : undefined;
      },
      READY_TIMEOUT_MS,
    );
    for (const policyId of ['ruleset@1', 'materiality@1', 'source-policy@1'])
      await send(activatePolicyV1, {
        commandId: `e2e-${policyId}`,
        ...ADMIN,
        policyId,
        rationale: 'e2e pilot',
      });
  }, READY_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await responder?.close();
    await proxy?.close();
    const jsm = await nc.jetstreamManager();
    for (const stream of [env.FAI_EVENT_STREAM, env.FAI_DLQ_STREAM])
      await jsm.streams.delete(stream).catch(() => undefined);
    await nc.close();
    await db.query(`DROP SCHEMA IF EXISTS ${ident(schema)} CASCADE`);
    await db.close();
  });

  it('N-PORT vs factsheet vs NAV file: the cross-source conflict is a blocking contradiction for a reviewer', async () => {
    const run = cycle('2024-06');
    const events = await validate('2024-06', [
      [PIMCO, fixture('pimco-ldi-nport-2024-06.json'), 'nport'],
      [PIMCO, fixture('pimco-ldi-cross-source-2024-06.json'), 'factsheet'],
    ]);
    expect(events.map((event) => event.event_type)).not.toContain('FundReadyForReport');
    const queue = await send(getExceptionQueueV1, { runId: run.runId, fundId: PIMCO });
    expect(queue.items[0]).toMatchObject({
      kind: 'contradiction',
      severity: 'high',
      blocking: true,
      fieldKey: 'fund.net_assets',
    });
  }, 60_000);

  it('KIID 2019 → 2021: the published baseline is the reference of the next cycle’s deltas', async () => {
    const first = cycle('2019-05');
    const baseline = await validate('2019-05', [[LG, fixture('lg-cash-trust-kiid-2019-05-28.json'), 'kiid']]);
    expect(baseline.map((event) => event.event_type)).toContain('FundReadyForReport');
    await publish(reportPublishedV1, {
      ...reportPublishedV1.example,
      portfolioId: first.portfolioId,
      cycleId: first.cycleId,
      runId: first.runId,
      fundId: LG,
      snapshotId: 'snap-lg-2019-05',
    });
    const second = cycle('2021-02');
    // The snapshot is recorded by the same ordered consumer, before the next cycle's events.
    const events = await validate('2021-02', [[LG, fixture('lg-cash-trust-kiid-2021-02-15.json'), 'kiid']]);
    const deltas = events.find((event) => event.event_type === 'FundDeltasComputed')!.data;
    expect(deltas).toMatchObject({ baseline: false, priorSnapshotId: 'snap-lg-2019-05' });
    expect((deltas.deltas as unknown[]).length).toBeGreaterThan(0);
    const review = await send(getFundReviewV1, { cycleId: second.cycleId, runId: second.runId, fundId: LG });
    expect(review).toMatchObject({
      baseline: false,
      priorSnapshot: { cycleId: first.cycleId, runId: first.runId },
    });
    expect(review.deltas).toEqual(deltas.deltas);
  }, 90_000);

  it(
    'stops on SIGTERM, exit code 0',
    async () => {
      child!.kill('SIGTERM');
      const code = await Promise.race([exited, sleep(EXIT_TIMEOUT_MS).then(() => 'timeout')]);
      expect(code).toBe(0);
    },
    EXIT_TIMEOUT_MS + 5_000,
  );
});
