import {
  activatePolicyV1,
  artefactIngestedV1,
  artefactMissingV1,
  cycleOpenedV1,
  getExceptionQueueV1,
  getFundReviewV1,
  reportPublishedV1,
  runExtractionCompletedV1,
  type CloudEvent,
  type FundDeltasComputedV1,
  type ValidationStageFailedV1,
} from '@fai/contracts';
import {
  ADMIN,
  artefactId,
  fixture,
  ingested,
  openValidationWorld,
  servedClaims,
  type ValidationWorld,
} from './validation-world';

/*
 * The L&G Cash Trust KIIDs of 2019 and 2021 (real) as two cycles of one portfolio: the first is
 * the fund's baseline and is ready for report at once; once reporting publishes it, it is the
 * snapshot the second cycle's deltas compare with. Then a fund whose required artefact never
 * arrived, and a cycle that could not pin its policies.
 */

const FUND = 'fund-lg-cash';
const PORTFOLIO = 'pf-snap';
const kiid2019 = fixture('lg-cash-trust-kiid-2019-05-28.json');
const kiid2021 = fixture('lg-cash-trust-kiid-2021-02-15.json');

const cycle = (period: string) => ({
  portfolioId: PORTFOLIO,
  cycleId: `${PORTFOLIO}-${period}-scheduled`,
  runId: `${PORTFOLIO}-${period}-scheduled-run-1`,
  period,
});
const typeOf = (event: CloudEvent) => event.type.split('.').slice(-2)[0];
const ofRun = (runId: string) => (event: CloudEvent) => (event.data as { runId?: string }).runId === runId;

describe('validation service: snapshots, deltas and source problems (real PG + NATS)', () => {
  let world: ValidationWorld;

  const open = async (period: string, pinnedPolicyVersions = {}) => {
    const { portfolioId, cycleId } = cycle(period);
    await world.waitProcessed(
      'validation',
      await world.publish(cycleOpenedV1, {
        cycleId,
        portfolioId,
        period,
        kind: 'scheduled',
        pinnedPolicyVersions,
        cause: { kind: 'clock' },
        at: `${period}-28T07:00:00.000Z`,
      }),
    );
  };
  const validate = async (period: string) => {
    const { portfolioId, cycleId, runId } = cycle(period);
    await world.publish(runExtractionCompletedV1, {
      portfolioId,
      cycleId,
      runId,
      at: '2026-11-04T10:30:00.000Z',
    });
    await world.waitFor(
      (event) =>
        ['exceptions-ranked', 'validation-stage-failed'].includes(typeOf(event)) && ofRun(runId)(event),
      `the outcome of ${runId}`,
    );
    return world.published.filter(ofRun(runId));
  };
  const withKiid = async (period: string, file: typeof kiid2019) => {
    await open(period);
    await world.publish(artefactIngestedV1, ingested(cycle(period), file.artefacts[0], FUND, 'kiid'));
    world.claims.set(cycle(period).runId, servedClaims(file, FUND, artefactId));
    return validate(period);
  };

  beforeAll(async () => {
    world = await openValidationWorld();
    for (const policyId of ['ruleset@1', 'materiality@1', 'source-policy@1'])
      await world.send(activatePolicyV1, { commandId: policyId, ...ADMIN, policyId, rationale: 'pilot' });
  }, 60_000);

  afterAll(() => world?.close());

  it('the first cycle is the fund’s baseline and, with nothing blocking, ready for report before the rank stage ends', async () => {
    const events = await withKiid('2019-05', kiid2019);
    const types = events.map(typeOf);
    expect(types.indexOf('fund-ready-for-report')).toBe(types.length - 2);
    expect(events.find((event) => typeOf(event) === 'fund-deltas-computed')?.data).toMatchObject({
      baseline: true,
      deltas: [],
    });
    expect(events.find((event) => typeOf(event) === 'fund-ready-for-report')?.data).toMatchObject({
      fundId: FUND,
      openExceptions: 0,
    });
  });

  it('once published, its fields are the snapshot the next cycle’s deltas compare with', async () => {
    const first = cycle('2019-05');
    await world.waitProcessed(
      'validation',
      await world.publish(reportPublishedV1, {
        portfolioId: PORTFOLIO,
        cycleId: first.cycleId,
        runId: first.runId,
        fundId: FUND,
        reportId: 'report-1',
        memoId: 'memo-1',
        packId: 'pack-1',
        snapshotId: 'snap-lg-cash-2019-05',
        approvedBy: 'reviewer-2',
        submittedBy: 'analyst-1',
        files: reportPublishedV1.example.files,
        at: '2026-11-06T09:30:00.000Z',
      }),
    );
    const events = await withKiid('2021-02', kiid2021);
    const deltas = events.find((event) => typeOf(event) === 'fund-deltas-computed')!
      .data as FundDeltasComputedV1;
    expect(deltas).toMatchObject({ baseline: false, priorSnapshotId: 'snap-lg-cash-2019-05' });
    expect(deltas.deltas.map((delta) => `${delta.change} ${delta.fieldKey}`)).toContain(
      'added performance.calendar_year_return@GB00B0CNHB64#2020',
    );
    const second = cycle('2021-02');
    const review = await world.send(getFundReviewV1, {
      cycleId: second.cycleId,
      runId: second.runId,
      fundId: FUND,
    });
    expect(review).toMatchObject({
      asOf: '2021-02-28',
      baseline: false,
      priorSnapshot: { cycleId: first.cycleId, runId: first.runId },
    });
    expect(review.deltas).toEqual(deltas.deltas);
  });

  it('a required artefact that never arrived is a blocking exception: the fund is not ready', async () => {
    const { portfolioId, cycleId, runId } = cycle('2021-03');
    await open('2021-03');
    await world.publish(artefactMissingV1, {
      portfolioId,
      cycleId,
      runId,
      fundId: 'fund-late',
      artefactType: 'kiid',
      note: 'required kiid of fund-late for 2021-03 not received by cut-off',
      at: '2026-11-06T07:00:00.000Z',
    });
    const events = await validate('2021-03');
    expect(events.map(typeOf)).not.toContain('fund-ready-for-report');
    const queue = await world.send(getExceptionQueueV1, { runId, fundId: 'fund-late' });
    // Most material first: the missing artefact, then the required fields it would have given.
    expect(queue.items.map((item) => [item.kind, item.severity, item.blocking])).toEqual([
      ['missing_artefact', 'high', true],
      ['missing_field', 'medium', true],
      ['missing_field', 'medium', true],
    ]);
  });

  it('a cycle that could not pin its policies fails the validate stage with the reason', async () => {
    await open('2021-04', { rulesetId: 'ruleset@9' });
    world.claims.set(cycle('2021-04').runId, []);
    const events = await validate('2021-04');
    expect(events.map(typeOf)).toEqual(['validation-stage-failed']);
    expect(events[0].data).toMatchObject<Partial<ValidationStageFailedV1>>({
      stage: 'validate',
      errorCode: 'CYCLE_POLICIES_NOT_PINNED',
    });
  });
});
