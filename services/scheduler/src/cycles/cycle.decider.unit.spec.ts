import {
  AdhocCycleRequiresOperatorError,
  CutOffNotApplicableError,
  CycleAlreadyOpenedError,
  CycleNotFoundError,
  IllegalStageTransitionError,
  InvalidPeriodError,
  ReasonRequiredError,
  RerunNotAllowedError,
  RUN_STAGES,
  RunNotCurrentError,
  RunNotInReviewError,
  RunNotIncompleteError,
  type RunStage,
  type SchedulerCause,
} from '@fai/contracts';
import { fold } from '@fai/decider';
import { deciderSpecification } from '@fai/decider/testing';
import {
  cycleDecider,
  cycleIdFor,
  cycleStreamId,
  runIdFor,
  type CycleCommand,
  type CycleEvent,
} from './cycle.decider';
import { at, cycleId, iso, run1, run2 } from './cycle-history.fixture';

const spec = deciderSpecification(cycleDecider);

const clock: SchedulerCause = { kind: 'clock' };
const operator: SchedulerCause = { kind: 'operator', actor: 'user-42' };
const byEvent = (eventId: string): SchedulerCause => ({ kind: 'event', eventId });
const pinned = { rulesetId: 'ruleset-v12' };
const budgets = { ingest: 60, extract: 30, validate: 30, compare: 30, rank: 30, report: 30 };

// ---- events -------------------------------------------------------------------------------

const opened: CycleEvent[] = [
  {
    type: 'CycleOpened',
    data: {
      cycleId,
      portfolioId: 'pf-001',
      period: '2026-10',
      kind: 'scheduled',
      pinnedPolicyVersions: pinned,
      cause: clock,
      at: iso(0),
    },
  },
  {
    type: 'RunStarted',
    data: { cycleId, runId: run1, runNumber: 1, pinnedPolicyVersions: pinned, cause: clock, at: iso(0) },
  },
  { type: 'RunStageStarted', data: { cycleId, runId: run1, stage: 'ingest', cause: clock, at: iso(0) } },
];
const stageCompleted = (stage: RunStage, minutes: number, runId = run1): CycleEvent => ({
  type: 'RunStageCompleted',
  data: { cycleId, runId, stage, cause: byEvent(`done-${runId}-${stage}`), at: iso(minutes) },
});
const stageStarted = (stage: RunStage, minutes: number, runId = run1): CycleEvent => ({
  type: 'RunStageStarted',
  data: {
    cycleId,
    runId,
    stage,
    cause: byEvent(`done-${runId}-${RUN_STAGES[RUN_STAGES.indexOf(stage) - 1]}`),
    at: iso(minutes),
  },
});
/** History of run 1 up to entering `stage`, one stage every 10 minutes. */
const inStage = (stage: RunStage): CycleEvent[] =>
  RUN_STAGES.slice(1, RUN_STAGES.indexOf(stage) + 1).reduce<CycleEvent[]>(
    (history, next, index) => [
      ...history,
      stageCompleted(RUN_STAGES[index], (index + 1) * 10),
      stageStarted(next, (index + 1) * 10),
    ],
    [...opened],
  );
const completed: CycleEvent[] = [
  ...inStage('report'),
  stageCompleted('report', 60),
  {
    type: 'RunCompleted',
    data: { cycleId, runId: run1, cause: byEvent(`done-${run1}-report`), at: iso(60) },
  },
];
const failedAt = (stage: RunStage): CycleEvent[] => [
  ...inStage(stage),
  {
    type: 'RunFailed',
    data: {
      cycleId,
      runId: run1,
      stage,
      errorCode: 'XML_NOT_WELL_FORMED',
      diagnostics: { artefactId: 'art-1' },
      publicationBlocked: true,
      cause: byEvent('failure-1'),
      at: iso(55),
    },
  },
];
const missing = [{ fundId: 'fund-7', artefactType: 'nport' }];
const incomplete: CycleEvent[] = [
  ...opened,
  {
    type: 'RunMarkedIncomplete',
    data: { cycleId, runId: run1, stage: 'ingest', missingArtefacts: missing, cause: clock, at: iso(30) },
  },
];
const fundLocked = (lock: 'approved' | 'published', cause = `lock-${lock}`): CycleEvent => ({
  type: 'RunFundLocked',
  data: { cycleId, runId: run1, fundId: 'fund-7', lock, cause: byEvent(cause), at: iso(90) },
});
const stalled = (
  stage: RunStage,
  since: number,
  minutes: number,
  budgetMinutes = budgets[stage],
): CycleEvent => ({
  type: 'CycleStalled',
  data: {
    cycleId,
    portfolioId: 'pf-001',
    period: '2026-10',
    runId: run1,
    stage,
    since: iso(since),
    budgetMinutes,
    stalledMinutes: minutes - since,
    cause: clock,
    at: iso(minutes),
  },
});

// ---- commands -----------------------------------------------------------------------------

const open = (
  data: Partial<Extract<CycleCommand, { type: 'OpenCycle' }>['data']> = {},
  minutes = 0,
): CycleCommand => ({
  type: 'OpenCycle',
  data: {
    portfolioId: 'pf-001',
    period: '2026-10',
    kind: 'scheduled',
    pinnedPolicyVersions: pinned,
    openedBy: clock,
    ...data,
  },
  metadata: { now: at(minutes) },
});
const complete = (
  stage: RunStage,
  minutes: number,
  runId = run1,
  causeEventId = `done-${runId}-${stage}`,
): CycleCommand => ({
  type: 'RecordStageCompleted',
  data: { cycleId, runId, stage, causeEventId },
  metadata: { now: at(minutes) },
});
const fail = (stage: RunStage, minutes: number, runId = run1, causeEventId = 'failure-1'): CycleCommand => ({
  type: 'RecordStageFailed',
  data: {
    cycleId,
    runId,
    stage,
    errorCode: 'XML_NOT_WELL_FORMED',
    diagnostics: { artefactId: 'art-1' },
    causeEventId,
  },
  metadata: { now: at(minutes) },
});
const rerun = (replacesRunId: string, minutes: number, patch: object = {}): CycleCommand => ({
  type: 'StartRerun',
  data: { cycleId, replacesRunId, reason: 'Manager resent the file.', actor: 'user-42', ...patch },
  metadata: { now: at(minutes) },
});
const checkStall = (minutes: number, repeatAfterMinutes?: number): CycleCommand => ({
  type: 'CheckStall',
  data: { cycleId, budgets, ...(repeatAfterMinutes === undefined ? {} : { repeatAfterMinutes }) },
  metadata: { now: at(minutes) },
});
const cutOff = (missingArtefacts = missing, minutes = 30): CycleCommand => ({
  type: 'MarkIncompleteAtCutOff',
  data: { cycleId, missingArtefacts },
  metadata: { now: at(minutes) },
});
const proceed = (minutes: number, patch: object = {}): CycleCommand => ({
  type: 'ProceedAtCutOff',
  data: { cycleId, runId: run1, actor: 'user-42', reason: 'Filing delayed; review the rest.', ...patch },
  metadata: { now: at(minutes) },
});
const lock = (
  lockKind: 'approved' | 'published',
  runId = run1,
  causeEventId = `lock-${lockKind}`,
): CycleCommand => ({
  type: 'RecordFundLocked',
  data: { cycleId, runId, fundId: 'fund-7', lock: lockKind, causeEventId },
  metadata: { now: at(90) },
});

describe('cycle decider', () => {
  describe('ids', () => {
    it('derives the cycle id, its stream and run ids from what identifies them', () => {
      expect(cycleIdFor('pf-001', '2026-10', 'scheduled')).toBe(cycleId);
      expect(cycleStreamId(cycleId)).toBe('cycle-pf-001-2026-10-scheduled');
      expect(runIdFor(cycleId, 2)).toBe(run2);
    });
  });

  describe('OpenCycle', () => {
    it('opens a scheduled cycle from the clock and starts run 1 at ingest', () => {
      spec.given([]).when(open()).then(opened);
    });

    it('opens an adhoc cycle for an operator, with its reason, as a cycle of its own', () => {
      const adhoc = 'pf-001-2026-10-adhoc';
      spec
        .given([])
        .when(
          open({
            kind: 'adhoc',
            openedBy: operator,
            reason: 'Manager restated October NAVs.',
            pinnedPolicyVersions: undefined,
          }),
        )
        .then([
          {
            type: 'CycleOpened',
            data: {
              cycleId: adhoc,
              portfolioId: 'pf-001',
              period: '2026-10',
              kind: 'adhoc',
              reason: 'Manager restated October NAVs.',
              pinnedPolicyVersions: {},
              cause: operator,
              at: iso(0),
            },
          },
          {
            type: 'RunStarted',
            data: {
              cycleId: adhoc,
              runId: `${adhoc}-run-1`,
              runNumber: 1,
              pinnedPolicyVersions: {},
              cause: operator,
              at: iso(0),
            },
          },
          {
            type: 'RunStageStarted',
            data: { cycleId: adhoc, runId: `${adhoc}-run-1`, stage: 'ingest', cause: operator, at: iso(0) },
          },
        ]);
    });

    it('lets an operator open a scheduled cycle, a reason being optional', () => {
      const [cycleOpened] = spec
        .given([])
        .when(open({ openedBy: operator }))
        .thenEvents();
      expect(cycleOpened).toMatchObject({
        type: 'CycleOpened',
        data: { kind: 'scheduled', cause: operator },
      });
      expect(cycleOpened.data).not.toHaveProperty('reason');
    });

    it.each([undefined, '', '   '])('refuses an adhoc cycle with reason %p', (reason) => {
      spec
        .given([])
        .when(open({ kind: 'adhoc', openedBy: operator, reason }))
        .thenThrows(ReasonRequiredError, { code: 'REASON_REQUIRED' });
    });

    it('refuses an adhoc cycle opened by the clock', () => {
      spec
        .given([])
        .when(open({ kind: 'adhoc', reason: 'why not' }))
        .thenThrows(AdhocCycleRequiresOperatorError, { code: 'ADHOC_REQUIRES_OPERATOR' });
    });

    it('refuses a second open of the same cycle, naming the existing one', () => {
      spec
        .given(opened)
        .when(open({}, 5))
        .thenThrows(CycleAlreadyOpenedError, {
          code: 'CYCLE_ALREADY_OPEN',
          existingCycleId: cycleId,
          details: { existingCycleId: cycleId },
        });
      spec
        .given(completed)
        .when(open({ openedBy: operator }, 500))
        .thenThrows(CycleAlreadyOpenedError, { code: 'CYCLE_ALREADY_OPEN' });
    });

    it('refuses a period that is not YYYY-MM', () => {
      spec
        .given([])
        .when(open({ period: '2026-13' }))
        .thenThrows(InvalidPeriodError, { code: 'INVALID_PERIOD' });
    });
  });

  describe('commands on a cycle that was never opened', () => {
    it.each<[string, CycleCommand]>([
      ['StartRerun', rerun(run1, 1)],
      ['RecordStageCompleted', complete('ingest', 1)],
      ['RecordStageFailed', fail('ingest', 1)],
      ['CheckStall', checkStall(1)],
      ['MarkIncompleteAtCutOff', cutOff()],
      ['ProceedAtCutOff', proceed(1)],
      ['RecordFundLocked', lock('approved')],
    ])('%s is refused with CYCLE_NOT_FOUND', (_name, command) => {
      spec
        .given([])
        .when(command)
        .thenThrows(CycleNotFoundError, { code: 'CYCLE_NOT_FOUND', details: { cycleId } });
    });
  });

  describe('RecordStageCompleted', () => {
    it.each(RUN_STAGES.slice(0, -1).map((stage, index) => [stage, RUN_STAGES[index + 1]] as const))(
      'completing %s starts %s, caused by the stage event',
      (stage, next) => {
        spec
          .given(inStage(stage))
          .when(complete(stage, 100))
          .then([
            {
              type: 'RunStageCompleted',
              data: { cycleId, runId: run1, stage, cause: byEvent(`done-${run1}-${stage}`), at: iso(100) },
            },
            {
              type: 'RunStageStarted',
              data: {
                cycleId,
                runId: run1,
                stage: next,
                cause: byEvent(`done-${run1}-${stage}`),
                at: iso(100),
              },
            },
          ]);
      },
    );

    it('completing report completes the run: its funds go to review', () => {
      const cause = byEvent(`done-${run1}-report`);
      spec
        .given(inStage('report'))
        .when(complete('report', 100))
        .then([
          { type: 'RunStageCompleted', data: { cycleId, runId: run1, stage: 'report', cause, at: iso(100) } },
          { type: 'RunCompleted', data: { cycleId, runId: run1, cause, at: iso(100) } },
        ]);
    });

    it('decides nothing for a stage event it has already applied', () => {
      spec.given(inStage('extract')).when(complete('ingest', 100)).then([]);
      spec.given(completed).when(complete('report', 100)).then([]);
    });

    it.each<[string, CycleEvent[], CycleCommand, object]>([
      [
        'a stage ahead of the current one',
        opened,
        complete('extract', 5),
        { stage: 'extract', currentStage: 'ingest', currentRunStatus: 'running' },
      ],
      [
        'a stage already behind (new cause)',
        inStage('validate'),
        complete('extract', 50, run1, 'late-1'),
        { currentStage: 'validate' },
      ],
      ['a run that does not exist', opened, complete('ingest', 5, run2), { runId: run2, currentRunId: run1 }],
      [
        'a failed run',
        failedAt('extract'),
        complete('extract', 60, run1, 'late-2'),
        { currentRunStatus: 'failed', currentStage: 'extract' },
      ],
      [
        'a completed run',
        completed,
        complete('report', 70, run1, 'late-3'),
        { currentRunStatus: 'completed' },
      ],
    ])('refuses %s with ILLEGAL_STAGE_TRANSITION', (_what, history, command, details) => {
      spec
        .given(history)
        .when(command)
        .thenThrows(IllegalStageTransitionError, {
          code: 'ILLEGAL_STAGE_TRANSITION',
          details: { transition: 'complete', ...details },
        });
    });

    it('refuses a stage event of a superseded run', () => {
      const superseded = [...opened, ...spec.given(opened).when(rerun(run1, 20)).thenEvents()];
      spec
        .given(superseded)
        .when(complete('ingest', 30, run1))
        .thenThrows(IllegalStageTransitionError, {
          code: 'ILLEGAL_STAGE_TRANSITION',
          details: { runId: run1, currentRunId: run2 },
        });
    });

    it('resumes an incomplete run when ingest completes after all', () => {
      spec
        .given(incomplete)
        .when(complete('ingest', 45))
        .then([stageCompleted('ingest', 45), stageStarted('extract', 45)]);
      const state = fold(cycleDecider, [
        ...incomplete,
        stageCompleted('ingest', 45),
        stageStarted('extract', 45),
      ]);
      expect(state).toMatchObject({ run: { status: 'running', stage: 'extract' } });
    });
  });

  describe('RecordStageFailed', () => {
    it.each(RUN_STAGES)('fails the run at %s with code and diagnostics, blocking publication', (stage) => {
      spec
        .given(inStage(stage))
        .when(fail(stage, 55))
        .then([failedAt(stage).at(-1)!]);
    });

    it('fails an incomplete run', () => {
      const [event] = spec.given(incomplete).when(fail('ingest', 40)).thenEvents();
      expect(event).toMatchObject({ type: 'RunFailed', data: { stage: 'ingest', publicationBlocked: true } });
    });

    it('decides nothing for a failure it has already applied', () => {
      spec.given(failedAt('compare')).when(fail('compare', 56)).then([]);
    });

    it.each<[string, CycleEvent[], CycleCommand]>([
      ['another stage than the current one', inStage('validate'), fail('extract', 55)],
      ['a run that is not current', opened, fail('ingest', 5, run2)],
      ['an already failed run (new cause)', failedAt('rank'), fail('rank', 60, run1, 'failure-2')],
      ['a completed run', completed, fail('report', 70)],
    ])('refuses %s with ILLEGAL_STAGE_TRANSITION', (_what, history, command) => {
      spec
        .given(history)
        .when(command)
        .thenThrows(IllegalStageTransitionError, {
          code: 'ILLEGAL_STAGE_TRANSITION',
          details: { transition: 'fail' },
        });
    });

    it('keeps the failed run on record with its stage and code', () => {
      expect(fold(cycleDecider, failedAt('extract'))).toMatchObject({
        status: 'open',
        run: {
          runId: run1,
          status: 'failed',
          stage: 'extract',
          errorCode: 'XML_NOT_WELL_FORMED',
          publicationBlocked: true,
        },
      });
    });
  });

  describe('StartRerun', () => {
    const changes = {
      inputArtefacts: [{ artefactId: 'art-2', sha256: 'a'.repeat(64) }],
      policyVersions: { materialityId: 'materiality-v5' },
      serviceVersions: { extraction: '1.4.2' },
    };

    it('supersedes a failed run and starts the next one with reason, what changed and the re-pinned policies', () => {
      spec
        .given(failedAt('extract'))
        .when(rerun(run1, 70, { changes }))
        .then([
          {
            type: 'RunSuperseded',
            data: {
              cycleId,
              runId: run1,
              supersededByRunId: run2,
              previousStatus: 'failed',
              reason: 'Manager resent the file.',
              cause: operator,
              at: iso(70),
            },
          },
          {
            type: 'RunStarted',
            data: {
              cycleId,
              runId: run2,
              runNumber: 2,
              replacesRunId: run1,
              reason: 'Manager resent the file.',
              changes,
              pinnedPolicyVersions: { rulesetId: 'ruleset-v12', materialityId: 'materiality-v5' },
              cause: operator,
              at: iso(70),
            },
          },
          {
            type: 'RunStageStarted',
            data: { cycleId, runId: run2, stage: 'ingest', cause: operator, at: iso(70) },
          },
        ]);
    });

    it.each<[string, CycleEvent[]]>([
      ['running', inStage('compare')],
      ['incomplete', incomplete],
      ['completed', completed],
    ])('supersedes a %s run', (previousStatus, history) => {
      const [superseded, started] = spec.given(history).when(rerun(run1, 70)).thenEvents();
      expect(superseded).toMatchObject({ type: 'RunSuperseded', data: { runId: run1, previousStatus } });
      expect(started).toMatchObject({
        type: 'RunStarted',
        data: { runId: run2, runNumber: 2, pinnedPolicyVersions: pinned },
      });
      expect(started.data).not.toHaveProperty('changes');
    });

    it('numbers runs on: the rerun of run 2 is run 3, and leaves one current run', () => {
      const second = spec.given(opened).when(rerun(run1, 10)).thenEvents();
      const third = spec
        .given([...opened, ...second])
        .when(rerun(run2, 20))
        .thenEvents();
      expect(third).toMatchObject([
        { type: 'RunSuperseded', data: { runId: run2 } },
        { type: 'RunStarted', data: { runId: `${cycleId}-run-3`, runNumber: 3, replacesRunId: run2 } },
        { type: 'RunStageStarted', data: { runId: `${cycleId}-run-3` } },
      ]);
      expect(fold(cycleDecider, [...opened, ...second, ...third])).toMatchObject({
        run: {
          runId: `${cycleId}-run-3`,
          runNumber: 3,
          status: 'running',
          stage: 'ingest',
          stageSince: iso(20),
        },
      });
    });

    it.each(['', '  '])('refuses a rerun with reason %p', (reason) => {
      spec
        .given(failedAt('extract'))
        .when(rerun(run1, 70, { reason }))
        .thenThrows(ReasonRequiredError, { code: 'REASON_REQUIRED' });
    });

    it('refuses to replace a run that is not the current one', () => {
      const second = spec.given(opened).when(rerun(run1, 10)).thenEvents();
      spec
        .given([...opened, ...second])
        .when(rerun(run1, 20))
        .thenThrows(RunNotCurrentError, {
          code: 'RUN_NOT_CURRENT',
          details: { runId: run1, currentRunId: run2 },
        });
      spec.given(opened).when(rerun('run-x', 20)).thenThrows(RunNotCurrentError, { code: 'RUN_NOT_CURRENT' });
    });

    it.each<[string, CycleEvent[]]>([
      ['approved', [...completed, fundLocked('approved')]],
      ['published', [...completed, fundLocked('approved'), fundLocked('published')]],
    ])('refuses to replace a run with an %s fund', (_lock, history) => {
      spec
        .given(history)
        .when(rerun(run1, 100))
        .thenThrows(RerunNotAllowedError, {
          code: 'RERUN_NOT_ALLOWED',
          details: { runId: run1, lockedFundIds: ['fund-7'] },
        });
    });
  });

  describe('CheckStall', () => {
    it('decides nothing while the stage is within its budget, budget included', () => {
      spec.given(opened).when(checkStall(30)).then([]);
      spec.given(opened).when(checkStall(60)).then([]);
    });

    it('alerts once the run stays in a stage beyond its budget', () => {
      spec
        .given(opened)
        .when(checkStall(61))
        .then([stalled('ingest', 0, 61)]);
    });

    it('alerts once per stage entry when no repeat interval is set', () => {
      spec
        .given([...opened, stalled('ingest', 0, 61)])
        .when(checkStall(600))
        .then([]);
    });

    it('alerts again only after the repeat interval', () => {
      const history = [...opened, stalled('ingest', 0, 61)];
      spec.given(history).when(checkStall(90, 30)).then([]);
      spec
        .given(history)
        .when(checkStall(91, 30))
        .then([stalled('ingest', 0, 91)]);
    });

    it('starts over when the run moves to the next stage', () => {
      const moved = [
        ...opened,
        stalled('ingest', 0, 61),
        stageCompleted('ingest', 70),
        stageStarted('extract', 70),
      ];
      spec.given(moved).when(checkStall(100)).then([]);
      spec
        .given(moved)
        .when(checkStall(101))
        .then([stalled('extract', 70, 101)]);
    });

    it('counts the stall of an incomplete run too', () => {
      const [event] = spec.given(incomplete).when(checkStall(75)).thenEvents();
      expect(event).toMatchObject({ type: 'CycleStalled', data: { stage: 'ingest', stalledMinutes: 75 } });
    });

    it.each<[string, CycleEvent[]]>([
      ['failed', failedAt('extract')],
      ['completed', completed],
    ])('decides nothing for a %s run', (_status, history) => {
      spec.given(history).when(checkStall(10_000)).then([]);
    });
  });

  describe('MarkIncompleteAtCutOff', () => {
    it('marks a run still ingesting incomplete with the missing required artefacts', () => {
      spec
        .given(opened)
        .when(cutOff())
        .then([incomplete.at(-1)!]);
    });

    it('decides nothing when nothing required is missing, or the run is already incomplete', () => {
      spec.given(opened).when(cutOff([])).then([]);
      spec.given(incomplete).when(cutOff(missing, 31)).then([]);
    });

    it.each<[string, CycleEvent[], object]>([
      ['past ingest', inStage('extract'), { runStatus: 'running', stage: 'extract' }],
      ['failed', failedAt('ingest'), { runStatus: 'failed', stage: 'ingest' }],
      ['completed', completed, { runStatus: 'completed' }],
    ])('refuses a run %s with CUT_OFF_NOT_APPLICABLE', (_what, history, details) => {
      spec
        .given(history)
        .when(cutOff())
        .thenThrows(CutOffNotApplicableError, { code: 'CUT_OFF_NOT_APPLICABLE', details });
    });
  });

  describe('ProceedAtCutOff', () => {
    it('lets an operator go on without the missing artefacts, with a reason, at the same stage', () => {
      const proceeded: CycleEvent = {
        type: 'RunProceededAtCutOff',
        data: {
          cycleId,
          runId: run1,
          missingArtefacts: missing,
          reason: 'Filing delayed; review the rest.',
          cause: operator,
          at: iso(40),
        },
      };
      spec.given(incomplete).when(proceed(40)).then([proceeded]);
      expect(fold(cycleDecider, [...incomplete, proceeded])).toMatchObject({
        run: { status: 'running', stage: 'ingest', stageSince: iso(0) },
      });
    });

    it.each(['', ' '])('refuses reason %p', (reason) => {
      spec
        .given(incomplete)
        .when(proceed(40, { reason }))
        .thenThrows(ReasonRequiredError, { code: 'REASON_REQUIRED' });
    });

    it('is not stopped again by the cut-off while it still ingests', () => {
      const [proceeded] = spec.given(incomplete).when(proceed(40)).thenEvents();
      spec
        .given([...incomplete, proceeded])
        .when(cutOff(missing, 45))
        .then([]);
    });

    it('refuses a run that is not incomplete', () => {
      spec
        .given(opened)
        .when(proceed(40))
        .thenThrows(RunNotIncompleteError, { code: 'RUN_NOT_INCOMPLETE', details: { runStatus: 'running' } });
    });

    it('refuses a run that is not current', () => {
      spec
        .given(incomplete)
        .when(proceed(40, { runId: run2 }))
        .thenThrows(RunNotCurrentError, { code: 'RUN_NOT_CURRENT' });
    });
  });

  describe('RecordFundLocked', () => {
    it('records an approved fund of the completed run', () => {
      spec
        .given(completed)
        .when(lock('approved'))
        .then([fundLocked('approved')]);
    });

    it('records publication after approval', () => {
      spec
        .given([...completed, fundLocked('approved')])
        .when(lock('published'))
        .then([fundLocked('published')]);
    });

    it('decides nothing for a lock it already has, a late approval of a published fund, or a repeated cause', () => {
      spec
        .given([...completed, fundLocked('approved')])
        .when(lock('approved', run1, 'other-cause'))
        .then([]);
      spec
        .given([...completed, fundLocked('published')])
        .when(lock('approved', run1, 'late-approval'))
        .then([]);
      spec
        .given([...completed, fundLocked('approved')])
        .when(lock('approved'))
        .then([]);
    });

    it('refuses a run that is not in review', () => {
      spec
        .given(inStage('rank'))
        .when(lock('approved'))
        .thenThrows(RunNotInReviewError, { code: 'RUN_NOT_IN_REVIEW', details: { runStatus: 'running' } });
    });

    it('refuses a run that is not current', () => {
      spec
        .given(completed)
        .when(lock('approved', run2))
        .thenThrows(RunNotCurrentError, { code: 'RUN_NOT_CURRENT' });
    });
  });

  describe('evolve', () => {
    it('folds a whole history into one unambiguous current run', () => {
      const history = [...completed, fundLocked('approved')];
      expect(fold(cycleDecider, history)).toEqual({
        status: 'open',
        cycleId,
        portfolioId: 'pf-001',
        period: '2026-10',
        kind: 'scheduled',
        run: {
          runId: run1,
          runNumber: 1,
          pinnedPolicyVersions: pinned,
          status: 'completed',
          lockedFunds: { 'fund-7': 'approved' },
        },
        handledCauses: new Set([...RUN_STAGES.map((stage) => `done-${run1}-${stage}`), 'lock-approved']),
      });
    });

    it('decides the same events for the same command and history, so a retry appends the same batch', () => {
      const command = rerun(run1, 70);
      expect(cycleDecider.decide(command, fold(cycleDecider, incomplete))).toEqual(
        cycleDecider.decide(command, fold(cycleDecider, incomplete)),
      );
    });
  });
});
