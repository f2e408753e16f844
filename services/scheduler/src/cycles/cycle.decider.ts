import {
  AdhocCycleRequiresOperatorError,
  CutOffNotApplicableError,
  CycleAlreadyOpenedError,
  CycleNotFoundError,
  IllegalStageTransitionError,
  ReasonRequiredError,
  RerunNotAllowedError,
  RUN_STAGES,
  RunNotCurrentError,
  RunNotInReviewError,
  RunNotIncompleteError,
  type CycleKind,
  type CycleOpenedV1,
  type CycleStalledV1,
  type MissingRequiredArtefact,
  type PinnedPolicyVersions,
  type RunChanges,
  type RunCompletedV1,
  type RunFailedV1,
  type RunFundLockedV1,
  type RunMarkedIncompleteV1,
  type RunProceededAtCutOffV1,
  type RunStage,
  type RunStageCompletedV1,
  type RunStageStartedV1,
  type RunStartedV1,
  type RunSupersededV1,
  type SchedulerCause,
  type StageBudgetsMinutes,
} from '@fai/contracts';
import {
  assertNever,
  type Decider,
  type DomainCommand as Command,
  type DomainEvent as Event,
} from '@fai/decider';
import { assertPeriod, type Period } from '../cadence/period';

/*
 * The cycle of one (portfolio, period, kind) and its runs, in one stream `cycle-<cycleId>`.
 * This file is where a run's state is decided: every transition is here, and every refusal.
 *
 * - Opening the stream is the double-run guard: the application appends CycleOpened with
 *   expected version `no_stream`, so two replicas (or a restart) can never open a period twice.
 * - Exactly one run is current; a rerun supersedes it in the same append that starts the next.
 * - Stages advance only on the current run's current stage, in RUN_STAGES order. Stage facts
 *   come from other services' events, named by `causeEventId`; a cause seen before decides nothing.
 * - Time (`metadata.now`), actors and cause ids come with the command; ids are derived from them.
 */

export type CycleOpener = Extract<SchedulerCause, { kind: 'clock' | 'operator' }>;
export type FundLock = RunFundLockedV1['lock'];

export type OpenCycle = Command<
  'OpenCycle',
  {
    portfolioId: string;
    period: Period;
    kind: CycleKind;
    /** Required for adhoc cycles. */
    reason?: string;
    pinnedPolicyVersions?: PinnedPolicyVersions;
    openedBy: CycleOpener;
  }
>;
export type StartRerun = Command<
  'StartRerun',
  { cycleId: string; replacesRunId: string; reason: string; changes?: RunChanges; actor: string }
>;
export type RecordStageCompleted = Command<
  'RecordStageCompleted',
  { cycleId: string; runId: string; stage: RunStage; causeEventId: string }
>;
export type RecordStageFailed = Command<
  'RecordStageFailed',
  {
    cycleId: string;
    runId: string;
    stage: RunStage;
    errorCode: string;
    diagnostics: RunFailedV1['diagnostics'];
    causeEventId: string;
  }
>;
/** Sent by the clock for every open cycle; budgets come from the portfolio's schedule. */
export type CheckStall = Command<
  'CheckStall',
  {
    cycleId: string;
    budgets: StageBudgetsMinutes;
    /** Absent: alert once per stage entry. */
    repeatAfterMinutes?: number;
  }
>;
/** Sent by the clock at the cycle's cut-off with the required artefacts the inventory still lacks. */
export type MarkIncompleteAtCutOff = Command<
  'MarkIncompleteAtCutOff',
  { cycleId: string; missingArtefacts: MissingRequiredArtefact[] }
>;
export type ProceedAtCutOff = Command<
  'ProceedAtCutOff',
  { cycleId: string; runId: string; actor: string; reason: string }
>;
/** From approval (fund approved) or reporting (fund published) events: the run's content is locked. */
export type RecordFundLocked = Command<
  'RecordFundLocked',
  { cycleId: string; runId: string; fundId: string; lock: FundLock; causeEventId: string }
>;

export type CycleCommand =
  | OpenCycle
  | StartRerun
  | RecordStageCompleted
  | RecordStageFailed
  | CheckStall
  | MarkIncompleteAtCutOff
  | ProceedAtCutOff
  | RecordFundLocked;

export type CycleEvent =
  | Event<'CycleOpened', CycleOpenedV1>
  | Event<'RunStarted', RunStartedV1>
  | Event<'RunStageStarted', RunStageStartedV1>
  | Event<'RunStageCompleted', RunStageCompletedV1>
  | Event<'RunFailed', RunFailedV1>
  | Event<'RunSuperseded', RunSupersededV1>
  | Event<'RunMarkedIncomplete', RunMarkedIncompleteV1>
  | Event<'RunProceededAtCutOff', RunProceededAtCutOffV1>
  | Event<'CycleStalled', CycleStalledV1>
  | Event<'RunCompleted', RunCompletedV1>
  | Event<'RunFundLocked', RunFundLockedV1>;

interface RunFacts {
  runId: string;
  runNumber: number;
  pinnedPolicyVersions: PinnedPolicyVersions;
}
interface InStage {
  stage: RunStage;
  /** When the run entered `stage`: the stall clock starts here. */
  stageSince: string;
  /** The last CycleStalled for this stage entry. */
  lastStalledAt?: string;
  /** An operator let the run go on without the missing artefacts: the cut-off no longer applies to it. */
  proceededAtCutOff?: true;
}

export type RunState =
  | (RunFacts & InStage & { status: 'running' })
  | (RunFacts & InStage & { status: 'incomplete'; missingArtefacts: MissingRequiredArtefact[] })
  | (RunFacts & { status: 'failed'; stage: RunStage; errorCode: string; publicationBlocked: true })
  | (RunFacts & { status: 'completed'; lockedFunds: Readonly<Record<string, FundLock>> })
  | (RunFacts & { status: 'superseded'; supersededByRunId: string });
type ActiveRun = Extract<RunState, { status: 'running' | 'incomplete' }>;

export type CycleState =
  | { status: 'not_opened' }
  | {
      status: 'open';
      cycleId: string;
      portfolioId: string;
      period: Period;
      kind: CycleKind;
      /** The current run; only absent between CycleOpened and RunStarted of the same append. */
      run?: RunState;
      /** Stage facts already applied, so a redelivered stage event decides nothing. */
      handledCauses: ReadonlySet<string>;
    };
type OpenCycleState = Extract<CycleState, { status: 'open' }> & { run: RunState };

export function cycleIdFor(portfolioId: string, period: Period, kind: CycleKind): string {
  return `${portfolioId}-${period}-${kind}`;
}

/** The stream whose `no_stream` append is the double-run guard for (portfolio, period, kind). */
export function cycleStreamId(cycleId: string): string {
  return `cycle-${cycleId}`;
}

export function runIdFor(cycleId: string, runNumber: number): string {
  return `${cycleId}-run-${runNumber}`;
}

export const cycleDecider: Decider<CycleCommand, CycleEvent, CycleState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'not_opened' }),
};

function decide(command: CycleCommand, state: CycleState): CycleEvent[] {
  switch (command.type) {
    case 'OpenCycle':
      return openCycle(command, state);
    case 'StartRerun':
      return startRerun(command, opened(state, command.data.cycleId));
    case 'RecordStageCompleted':
      return completeStage(command, opened(state, command.data.cycleId));
    case 'RecordStageFailed':
      return failStage(command, opened(state, command.data.cycleId));
    case 'CheckStall':
      return checkStall(command, opened(state, command.data.cycleId));
    case 'MarkIncompleteAtCutOff':
      return markIncomplete(command, opened(state, command.data.cycleId));
    case 'ProceedAtCutOff':
      return proceedAtCutOff(command, opened(state, command.data.cycleId));
    case 'RecordFundLocked':
      return lockFund(command, opened(state, command.data.cycleId));
    default:
      return assertNever(command, 'cycle command');
  }
}

function openCycle({ data, metadata }: OpenCycle, state: CycleState): CycleEvent[] {
  const { portfolioId, kind, openedBy, pinnedPolicyVersions = {} } = data;
  const period = assertPeriod(data.period);
  if (state.status === 'open') throw new CycleAlreadyOpenedError(state.cycleId);
  if (kind === 'adhoc' && openedBy.kind !== 'operator')
    throw new AdhocCycleRequiresOperatorError(portfolioId, period);
  if (kind === 'adhoc') requireReason(data.reason, 'an adhoc cycle');
  const reason = data.reason?.trim() ? { reason: data.reason } : {};
  const cycleId = cycleIdFor(portfolioId, period, kind);
  const runId = runIdFor(cycleId, 1);
  const at = metadata.now.toISOString();
  return [
    {
      type: 'CycleOpened',
      data: { cycleId, portfolioId, period, kind, ...reason, pinnedPolicyVersions, cause: openedBy, at },
    },
    { type: 'RunStarted', data: { cycleId, runId, runNumber: 1, pinnedPolicyVersions, cause: openedBy, at } },
    { type: 'RunStageStarted', data: { cycleId, runId, stage: RUN_STAGES[0], cause: openedBy, at } },
  ];
}

/** A rerun replaces the current run unless a fund of it is approved or published. */
function startRerun({ data, metadata }: StartRerun, state: OpenCycleState): CycleEvent[] {
  const { cycleId, run } = state;
  requireReason(data.reason, 'a rerun');
  if (run.status === 'superseded')
    throw new RunNotCurrentError(cycleId, data.replacesRunId, run.supersededByRunId);
  if (data.replacesRunId !== run.runId) throw new RunNotCurrentError(cycleId, data.replacesRunId, run.runId);
  const lockedFundIds = run.status === 'completed' ? Object.keys(run.lockedFunds) : [];
  if (lockedFundIds.length > 0) throw new RerunNotAllowedError(cycleId, run.runId, lockedFundIds);
  const runNumber = run.runNumber + 1;
  const runId = runIdFor(cycleId, runNumber);
  const pinnedPolicyVersions = { ...run.pinnedPolicyVersions, ...data.changes?.policyVersions };
  const changes = data.changes ? { changes: data.changes } : {};
  const cause: SchedulerCause = { kind: 'operator', actor: data.actor };
  const at = metadata.now.toISOString();
  const { reason } = data;
  return [
    {
      type: 'RunSuperseded',
      data: {
        cycleId,
        runId: run.runId,
        supersededByRunId: runId,
        previousStatus: run.status,
        reason,
        cause,
        at,
      },
    },
    {
      type: 'RunStarted',
      data: {
        cycleId,
        runId,
        runNumber,
        replacesRunId: run.runId,
        reason,
        ...changes,
        pinnedPolicyVersions,
        cause,
        at,
      },
    },
    { type: 'RunStageStarted', data: { cycleId, runId, stage: RUN_STAGES[0], cause, at } },
  ];
}

function completeStage({ data, metadata }: RecordStageCompleted, state: OpenCycleState): CycleEvent[] {
  if (state.handledCauses.has(data.causeEventId)) return [];
  const run = activeRunAt(state, data, 'complete');
  const { cycleId } = state;
  const { runId, stage } = run;
  const cause: SchedulerCause = { kind: 'event', eventId: data.causeEventId };
  const at = metadata.now.toISOString();
  const next = RUN_STAGES[RUN_STAGES.indexOf(stage) + 1];
  return [
    { type: 'RunStageCompleted', data: { cycleId, runId, stage, cause, at } },
    next
      ? { type: 'RunStageStarted', data: { cycleId, runId, stage: next, cause, at } }
      : { type: 'RunCompleted', data: { cycleId, runId, cause, at } },
  ];
}

/** A stage failure fails the run and blocks its publication; nothing is deleted, a rerun goes on. */
function failStage({ data, metadata }: RecordStageFailed, state: OpenCycleState): CycleEvent[] {
  if (state.handledCauses.has(data.causeEventId)) return [];
  const { runId, stage } = activeRunAt(state, data, 'fail');
  const { errorCode, diagnostics } = data;
  return [
    {
      type: 'RunFailed',
      data: {
        cycleId: state.cycleId,
        runId,
        stage,
        errorCode,
        diagnostics,
        publicationBlocked: true,
        cause: { kind: 'event', eventId: data.causeEventId },
        at: metadata.now.toISOString(),
      },
    },
  ];
}

/** Alerts once per stage entry past the budget; again only after `repeatAfterMinutes`. */
function checkStall({ data, metadata }: CheckStall, state: OpenCycleState): CycleEvent[] {
  const { run } = state;
  if (run.status !== 'running' && run.status !== 'incomplete') return [];
  const now = metadata.now.getTime();
  const budgetMinutes = data.budgets[run.stage];
  const inStage = now - Date.parse(run.stageSince);
  if (inStage <= minutes(budgetMinutes)) return [];
  if (run.lastStalledAt !== undefined) {
    const { repeatAfterMinutes } = data;
    if (repeatAfterMinutes === undefined || now - Date.parse(run.lastStalledAt) < minutes(repeatAfterMinutes))
      return [];
  }
  const { cycleId, portfolioId, period } = state;
  return [
    {
      type: 'CycleStalled',
      data: {
        cycleId,
        portfolioId,
        period,
        runId: run.runId,
        stage: run.stage,
        since: run.stageSince,
        budgetMinutes,
        stalledMinutes: Math.floor(inStage / minutes(1)),
        cause: { kind: 'clock' },
        at: metadata.now.toISOString(),
      },
    },
  ];
}

/**
 * At cut-off, a run still ingesting without all required artefacts waits as `incomplete`, once: a run
 * an operator let go on is not stopped again.
 */
function markIncomplete({ data, metadata }: MarkIncompleteAtCutOff, state: OpenCycleState): CycleEvent[] {
  const { run } = state;
  if (data.missingArtefacts.length === 0 || run.status === 'incomplete') return [];
  if (run.status === 'running' && run.proceededAtCutOff) return [];
  if (run.status !== 'running' || run.stage !== 'ingest')
    throw new CutOffNotApplicableError(state.cycleId, run.runId, run.status, currentStage(run));
  return [
    {
      type: 'RunMarkedIncomplete',
      data: {
        cycleId: state.cycleId,
        runId: run.runId,
        stage: run.stage,
        missingArtefacts: [...data.missingArtefacts],
        cause: { kind: 'clock' },
        at: metadata.now.toISOString(),
      },
    },
  ];
}

function proceedAtCutOff({ data, metadata }: ProceedAtCutOff, state: OpenCycleState): CycleEvent[] {
  const { cycleId, run } = state;
  requireReason(data.reason, 'proceeding at cut-off');
  if (data.runId !== run.runId) throw new RunNotCurrentError(cycleId, data.runId, run.runId);
  if (run.status !== 'incomplete') throw new RunNotIncompleteError(cycleId, run.runId, run.status);
  return [
    {
      type: 'RunProceededAtCutOff',
      data: {
        cycleId,
        runId: run.runId,
        missingArtefacts: run.missingArtefacts,
        reason: data.reason,
        cause: { kind: 'operator', actor: data.actor },
        at: metadata.now.toISOString(),
      },
    },
  ];
}

function lockFund({ data, metadata }: RecordFundLocked, state: OpenCycleState): CycleEvent[] {
  const { cycleId, run } = state;
  if (state.handledCauses.has(data.causeEventId)) return [];
  if (data.runId !== run.runId) throw new RunNotCurrentError(cycleId, data.runId, run.runId);
  if (run.status !== 'completed') throw new RunNotInReviewError(cycleId, run.runId, run.status);
  // Published is final: a late approval of a published fund changes nothing.
  const current = run.lockedFunds[data.fundId];
  if (current === data.lock || current === 'published') return [];
  const { fundId, lock } = data;
  const cause: SchedulerCause = { kind: 'event', eventId: data.causeEventId };
  return [
    {
      type: 'RunFundLocked',
      data: { cycleId, runId: run.runId, fundId, lock, cause, at: metadata.now.toISOString() },
    },
  ];
}

function evolve(state: CycleState, event: CycleEvent): CycleState {
  if (event.type === 'CycleOpened') {
    const { cycleId, portfolioId, period, kind } = event.data;
    return { status: 'open', cycleId, portfolioId, period, kind, handledCauses: new Set() };
  }
  if (state.status !== 'open') return state;
  const { cause } = event.data;
  const handledCauses =
    cause.kind === 'event' ? new Set([...state.handledCauses, cause.eventId]) : state.handledCauses;
  return { ...state, handledCauses, run: evolveRun(state.run, event) };
}

function evolveRun(
  run: RunState | undefined,
  event: Exclude<CycleEvent, { type: 'CycleOpened' }>,
): RunState | undefined {
  const { data } = event;
  if (event.type === 'RunStarted') {
    const { runId, runNumber, pinnedPolicyVersions } = event.data;
    return {
      status: 'running',
      runId,
      runNumber,
      pinnedPolicyVersions,
      stage: RUN_STAGES[0],
      stageSince: data.at,
    };
  }
  if (!run || run.runId !== data.runId) return run;
  switch (event.type) {
    case 'RunStageStarted':
      return isActive(run)
        ? { ...facts(run), status: 'running', stage: event.data.stage, stageSince: event.data.at }
        : run;
    case 'RunStageCompleted':
      return run;
    case 'RunFailed':
      return {
        ...facts(run),
        status: 'failed',
        stage: event.data.stage,
        errorCode: event.data.errorCode,
        publicationBlocked: true,
      };
    case 'RunSuperseded':
      return { ...facts(run), status: 'superseded', supersededByRunId: event.data.supersededByRunId };
    case 'RunMarkedIncomplete':
      return isActive(run)
        ? { ...run, status: 'incomplete', missingArtefacts: event.data.missingArtefacts }
        : run;
    case 'RunProceededAtCutOff':
      return isActive(run)
        ? { ...facts(run), ...stageOf(run), status: 'running', proceededAtCutOff: true }
        : run;
    case 'CycleStalled':
      return isActive(run) ? { ...run, lastStalledAt: event.data.at } : run;
    case 'RunCompleted':
      return { ...facts(run), status: 'completed', lockedFunds: {} };
    case 'RunFundLocked':
      return run.status === 'completed'
        ? { ...run, lockedFunds: { ...run.lockedFunds, [event.data.fundId]: event.data.lock } }
        : run;
    default:
      return assertNever(event, 'cycle event');
  }
}

function opened(state: CycleState, cycleId: string): OpenCycleState {
  if (state.status !== 'open' || !state.run) throw new CycleNotFoundError(cycleId);
  return { ...state, run: state.run };
}

/** The current run, if `data` names it and its current stage; otherwise the transition is illegal. */
function activeRunAt(
  state: OpenCycleState,
  data: { runId: string; stage: RunStage },
  transition: 'complete' | 'fail',
): ActiveRun {
  const { run } = state;
  if (isActive(run) && run.runId === data.runId && run.stage === data.stage) return run;
  throw new IllegalStageTransitionError({
    cycleId: state.cycleId,
    runId: data.runId,
    stage: data.stage,
    transition,
    currentRunId: run.runId,
    currentRunStatus: run.status,
    currentStage: currentStage(run),
  });
}

function currentStage(run: RunState): RunStage | undefined {
  return 'stage' in run ? run.stage : undefined;
}

function isActive(run: RunState): run is ActiveRun {
  return run.status === 'running' || run.status === 'incomplete';
}

function facts({ runId, runNumber, pinnedPolicyVersions }: RunState): RunFacts {
  return { runId, runNumber, pinnedPolicyVersions };
}

function stageOf({ stage, stageSince, lastStalledAt }: ActiveRun): InStage {
  return lastStalledAt === undefined ? { stage, stageSince } : { stage, stageSince, lastStalledAt };
}

function requireReason(reason: string | undefined, what: string): void {
  if (!reason?.trim()) throw new ReasonRequiredError(what);
}

function minutes(count: number): number {
  return count * 60_000;
}
