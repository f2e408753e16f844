import {
  activatePolicyV1,
  actOnExceptionV1,
  artefactIngestedV1,
  cycleOpenedV1,
  dryRunPolicyV1,
  fundApprovedV1,
  getExceptionQueueV1,
  getFundReviewV1,
  runExtractionCompletedV1,
  type CloudEvent,
  type CyclePoliciesPinnedV1,
  type ExceptionRaisedV1,
  type FundReadyForReportV1,
} from '@fai/contracts';
import { recordedInput } from '../src/queries/dry-run.query';
import { validationRunStreamId } from '../src/run-validation/run-validation.handler';
import { validationRunEvents } from '../src/validation-run-events';
import { validateRun } from '../src/validation-run';
import {
  ADMIN,
  artefactId,
  fixture,
  ingested,
  OPERATOR,
  openValidationWorld,
  REVIEWER,
  servedClaims,
  type ValidationWorld,
} from './validation-world';

/*
 * A run of real PIMCO N-PORT claims (with a constructed factsheet and NAV file that disagree with
 * it), validated by the service on the real servers: policies pinned per cycle, events in the
 * order the scheduler and reporting read them, the exception lifecycle, readiness, the approval
 * lock, idempotent redelivery, deterministic replay and the dry run.
 */

const FUND = 'fund-pimco-ldi';
const runRef = {
  portfolioId: 'pf-int',
  cycleId: 'pf-int-2024-06-scheduled',
  runId: 'pf-int-2024-06-scheduled-run-1',
};
const run = { ...runRef, period: '2024-06' };
const nport = fixture('pimco-ldi-nport-2024-06.json');
const companions = fixture('pimco-ldi-cross-source-2024-06.json');

const typeOf = (event: CloudEvent) => event.type.split('.').slice(-2)[0];
const ofRun = (event: CloudEvent) => (event.data as { runId?: string }).runId === run.runId;

describe('validation service: a run from claims to ranked exceptions (real PG + NATS)', () => {
  let world: ValidationWorld;
  let runEvents: CloudEvent[];

  beforeAll(async () => {
    world = await openValidationWorld();
    for (const policyId of ['ruleset@1', 'materiality@1', 'source-policy@1']) {
      await world.send(activatePolicyV1, {
        commandId: `activate-${policyId}`,
        ...ADMIN,
        policyId,
        rationale: 'First calibrated version for the pilot portfolio.',
      });
    }
    const opened = await world.publish(cycleOpenedV1, {
      cycleId: run.cycleId,
      portfolioId: run.portfolioId,
      period: run.period,
      kind: 'scheduled',
      pinnedPolicyVersions: {},
      cause: { kind: 'clock' },
      at: '2026-11-04T07:00:00.000Z',
    });
    await world.waitProcessed('validation', opened);
    const documents: Array<['nport' | 'factsheet' | 'nav_history', (typeof nport.artefacts)[number]]> = [
      ['nport', nport.artefacts[0]],
      ['factsheet', companions.artefacts[0]],
      ['nav_history', companions.artefacts[1]],
    ];
    for (const [type, artefact] of documents)
      await world.publish(artefactIngestedV1, ingested(run, artefact, FUND, type));
    world.claims.set(run.runId, [
      ...servedClaims(nport, FUND, artefactId),
      ...servedClaims(companions, FUND, artefactId),
    ]);
    await world.publish(runExtractionCompletedV1, { ...runRef, at: '2026-11-04T10:30:00.000Z' });
    await world.waitFor((event) => typeOf(event) === 'exceptions-ranked' && ofRun(event), 'ExceptionsRanked');
    runEvents = world.published.filter(ofRun);
  }, 120_000);

  afterAll(() => world?.close());

  it('only an administrator activates a policy, with a rationale', async () => {
    await expect(
      world.send(activatePolicyV1, {
        commandId: 'op-activates',
        ...OPERATOR,
        policyId: 'materiality@2',
        rationale: 'x',
      }),
    ).rejects.toMatchObject({ code: 'POLICY_ACTIVATION_FORBIDDEN' });
    await expect(
      world.send(activatePolicyV1, { commandId: 'unknown', ...ADMIN, policyId: 'ruleset@7', rationale: 'x' }),
    ).rejects.toMatchObject({ code: 'POLICY_VERSION_UNKNOWN' });
  });

  it('pins the active versions for the cycle; a version activated later pins only later cycles', async () => {
    const first = world.published.find(
      (event) =>
        typeOf(event) === 'cycle-policies-pinned' &&
        (event.data as CyclePoliciesPinnedV1).cycleId === run.cycleId,
    );
    expect((first?.data as CyclePoliciesPinnedV1).materiality.policyId).toBe('materiality@1');
    const activated = await world.send(activatePolicyV1, {
      commandId: 'activate-materiality@2',
      ...ADMIN,
      policyId: 'materiality@2',
      rationale: 'Recalibrated alert threshold.',
    });
    expect(activated).toMatchObject({ policyId: 'materiality@2', previousPolicyId: 'materiality@1' });
    const next = await world.publish(cycleOpenedV1, {
      cycleId: 'pf-int-2024-07-scheduled',
      portfolioId: run.portfolioId,
      period: '2024-07',
      kind: 'scheduled',
      pinnedPolicyVersions: {},
      cause: { kind: 'clock' },
      at: '2026-12-04T07:00:00.000Z',
    });
    await world.waitProcessed('validation', next);
    const pinned = await world.waitFor(
      (event) =>
        typeOf(event) === 'cycle-policies-pinned' &&
        (event.data as CyclePoliciesPinnedV1).cycleId === 'pf-int-2024-07-scheduled',
      'the second cycle’s pins',
    );
    expect((pinned.data as CyclePoliciesPinnedV1).materiality.policyId).toBe('materiality@2');
    const review = await world.send(getFundReviewV1, {
      cycleId: run.cycleId,
      runId: run.runId,
      fundId: FUND,
    });
    expect(review.policies).toEqual({
      ruleset: 'ruleset@1',
      materiality: 'materiality@1',
      sourcePolicy: 'source-policy@1',
    });
  });

  it('records validate, compare and rank in order; a fund with a blocking exception is not ready yet', () => {
    const types = runEvents.map(typeOf);
    expect(types.slice(0, 5)).toEqual([
      'fund-validated',
      'validation-summarised',
      'validation-completed',
      'fund-deltas-computed',
      'deltas-computed',
    ]);
    expect(types[types.length - 1]).toBe('exceptions-ranked');
    const raised = types.indexOf('exception-raised');
    expect(raised).toBeGreaterThan(types.indexOf('deltas-computed'));
    expect(types.lastIndexOf('exception-raised')).toBeLessThan(types.indexOf('alert-raised'));
    // The cross-source contradiction is blocking: the fund waits for a reviewer.
    expect(types).not.toContain('fund-ready-for-report');
  });

  it('raises the cross-source conflict as a high-severity contradiction, first in the queue', async () => {
    const queue = await world.send(getExceptionQueueV1, { runId: run.runId });
    expect(queue.items[0]).toMatchObject({
      kind: 'contradiction',
      severity: 'high',
      blocking: true,
      status: 'open',
      fieldKey: 'fund.net_assets',
    });
    const scores = queue.items.map((item) => Number(item.materialityScore));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const page = await world.send(getExceptionQueueV1, { runId: run.runId, limit: 1 });
    expect(page.items).toHaveLength(1);
    const rest = await world.send(getExceptionQueueV1, { runId: run.runId, cursor: page.nextCursor });
    expect([...page.items, ...rest.items].map((item) => item.exceptionId)).toEqual(
      queue.items.map((item) => item.exceptionId),
    );
    await expect(world.send(getExceptionQueueV1, { cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'EXCEPTION_QUEUE_CURSOR_INVALID',
    });
  });

  it('only a reviewer decides it, with a rationale; the last blocking one resolved makes the fund ready', async () => {
    const contradiction = runEvents.find(
      (event) =>
        typeOf(event) === 'exception-raised' && (event.data as ExceptionRaisedV1).kind === 'contradiction',
    )!.data as ExceptionRaisedV1;
    const act = (commandId: string, who: typeof REVIEWER, rest: object) =>
      world.send(actOnExceptionV1, {
        commandId,
        ...who,
        exceptionId: contradiction.exceptionId,
        ...rest,
      } as never);
    await expect(
      act('op-accept', OPERATOR, { action: 'accept', rationale: 'looks right' }),
    ).rejects.toMatchObject({
      code: 'REVIEWER_DECISION_REQUIRED',
    });
    await expect(act('no-why', REVIEWER, { action: 'accept', rationale: ' ' })).rejects.toMatchObject({
      code: 'RATIONALE_REQUIRED',
    });
    expect(await act('assign', OPERATOR, { action: 'assign', assignee: 'reviewer-1' })).toMatchObject({
      status: 'open',
      changed: true,
      fundReady: false,
    });
    const accepted = await act('accept', REVIEWER, {
      action: 'accept',
      rationale: 'The N-PORT figure is audited and as of month end.',
    });
    expect(accepted).toEqual({
      exceptionId: contradiction.exceptionId,
      status: 'resolved',
      changed: true,
      fundReady: true,
    });
    // The same command again changes nothing more.
    expect(await act('accept', REVIEWER, { action: 'accept', rationale: 'again' })).toMatchObject({
      changed: false,
    });
    const ready = await world.waitFor(
      (event) => typeOf(event) === 'fund-ready-for-report' && ofRun(event),
      'ready',
    );
    expect(ready.data).toMatchObject<Partial<FundReadyForReportV1>>({
      fundId: FUND,
      policies: { ruleset: 'ruleset@1', materiality: 'materiality@1', sourcePolicy: 'source-policy@1' },
    });

    const review = await world.send(getFundReviewV1, {
      cycleId: run.cycleId,
      runId: run.runId,
      fundId: FUND,
    });
    // Completeness is measured when the run is validated: then net assets were a conflicted blank.
    expect(review).toMatchObject({
      asOf: '2024-06-30',
      baseline: true,
      completeness: { required: 12, present: 11, missing: ['fund.net_assets'] },
    });
    expect(review.fields.find((field) => field.key === 'fund.net_assets')).toMatchObject({
      state: 'value',
      value: contradiction.suggestion!.value,
      resolvedByExceptionId: contradiction.exceptionId,
    });
    expect(review.exceptions.find((e) => e.exceptionId === contradiction.exceptionId)?.decisions).toEqual([
      expect.objectContaining({ action: 'assign', actor: 'operator-1', assignee: 'reviewer-1' }),
      expect.objectContaining({
        action: 'accept',
        actor: 'reviewer-1',
        chosenValue: contradiction.suggestion!.value,
        chosenSource: expect.objectContaining({ kind: 'claim', claimId: contradiction.suggestion!.claimId }),
      }),
    ]);
    const resolved = await world.send(getExceptionQueueV1, { runId: run.runId, status: 'resolved' });
    expect(resolved.items[0]).toMatchObject({
      exceptionId: contradiction.exceptionId,
      timeToCloseSeconds: expect.any(Number),
    });
  });

  it('refuses actions once approval has locked the fund: FUND_LOCKED', async () => {
    const open = (await world.send(getExceptionQueueV1, { runId: run.runId })).items[0];
    const approved = await world.publish(fundApprovedV1, {
      ...runRef,
      fundId: FUND,
      memoId: 'memo-1',
      approvedBy: 'reviewer-2',
      submittedBy: 'analyst-1',
      notes: 'ok',
      at: '2026-11-05T10:00:00.000Z',
    });
    await world.waitProcessed('validation', approved);
    await expect(
      world.send(actOnExceptionV1, {
        commandId: 'after-lock',
        ...REVIEWER,
        exceptionId: open.exceptionId,
        action: 'monitor',
        rationale: 'watch it',
      }),
    ).rejects.toMatchObject({ code: 'FUND_LOCKED' });
  });

  it('a redelivered RunExtractionCompleted appends nothing', async () => {
    const streamId = validationRunStreamId(run.runId);
    const before = await world.store.streamVersion(streamId);
    const again = await world.publish(runExtractionCompletedV1, {
      ...runRef,
      at: '2026-11-04T10:31:00.000Z',
    });
    await world.waitProcessed('validation', again);
    expect(await world.store.streamVersion(streamId)).toBe(before);
  });

  it('replaying the recorded input gives the identical events', async () => {
    // Queries and actions read the run without its input (every claim of the run): only a replay needs it.
    expect(await world.service.tables.run(world.test.db, run.runId)).not.toHaveProperty('input');
    // The input is stored a fund a row: one jsonb value cannot hold a run of hundreds of funds.
    const storedInput = await world.test.db.query<{ funds: boolean; rows: number }>(
      `SELECT (input ? 'funds') AS funds,
              (SELECT count(*)::int FROM "${world.test.schema}".run_fund_inputs f WHERE f.run_id = r.run_id) AS rows
         FROM "${world.test.schema}".runs r WHERE run_id = $1`,
      [run.runId],
    );
    expect(storedInput.rows[0]).toEqual({ funds: false, rows: expect.any(Number) });
    expect(storedInput.rows[0].rows).toBeGreaterThan(0);
    const [recorded] = await world.service.tables.validatedRuns(world.test.db, {
      runIds: [run.runId],
      lastCycles: 1,
    });
    const replay = validationRunEvents(validateRun(recordedInput(recorded, world.policies)));
    const stored = await world.store.readStream(validationRunStreamId(run.runId));
    const data = (type: string) => stored.filter((event) => event.type === type).map((event) => event.data);
    expect(data('FundValidated')).toEqual(JSON.parse(JSON.stringify(replay.validate.fundsValidated)));
    expect(data('FundDeltasComputed')).toEqual(JSON.parse(JSON.stringify(replay.compare.fundDeltas)));
    expect(data('AlertRaised')).toEqual(JSON.parse(JSON.stringify(replay.rank.alerts)));
  });

  it('a dry run compares past runs under a candidate version and records nothing', async () => {
    const position = (
      await world.test.db.query(`SELECT count(*)::int AS n FROM "${world.test.schema}".events`)
    ).rows;
    const report = await world.send(dryRunPolicyV1, { materialityId: 'materiality@2', runIds: [run.runId] });
    expect(report).toMatchObject({
      candidate: { materialityId: 'materiality@2' },
      cycles: [{ runId: run.runId }],
    });
    expect(report.totals).toEqual({
      exceptionsAdded: 0,
      exceptionsRemoved: 0,
      alertsAdded: 0,
      alertsRemoved: 0,
    });
    expect(
      (await world.test.db.query(`SELECT count(*)::int AS n FROM "${world.test.schema}".events`)).rows,
    ).toEqual(position);
    await expect(
      world.send(dryRunPolicyV1, { runIds: ['no-such-run'], materialityId: 'materiality@2' }),
    ).rejects.toMatchObject({
      code: 'DRY_RUN_NOTHING_TO_COMPARE',
    });
  });
});
