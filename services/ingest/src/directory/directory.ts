import type {
  CycleOpenedV1,
  ExpectedArtefact,
  ExpectedInventorySetV1,
  PortfolioChangedV1,
  PortfolioFund,
  PortfolioRegisteredV1,
  RunCompletedV1,
  RunFailedV1,
  RunMarkedIncompleteV1,
  RunProceededAtCutOffV1,
  RunStage,
  RunStageStartedV1,
  RunStartedV1,
  RunSupersededV1,
  SourcePolicySetV1,
} from '@fai/contracts';
import type { SourcePolicy } from '../artefacts/source-policy';

/*
 * What ingest knows of a portfolio, learnt from the scheduler's events (and its own source policy
 * events), never from another service's tables: its tenant and funds, the expected inventory, its
 * cycles with the state of each one's current run, and the versions of its source policy.
 * Pure: the consumer keeps one such record per portfolio and folds each event into it.
 */

type Fact<Type extends string, Data> = Readonly<{ type: Type; data: Data }>;

export type DirectoryFact =
  | Fact<'PortfolioRegistered', PortfolioRegisteredV1>
  | Fact<'PortfolioChanged', PortfolioChangedV1>
  | Fact<'ExpectedInventorySet', ExpectedInventorySetV1>
  | Fact<'CycleOpened', CycleOpenedV1>
  | Fact<'RunStarted', RunStartedV1>
  | Fact<'RunStageStarted', RunStageStartedV1>
  | Fact<'RunMarkedIncomplete', RunMarkedIncompleteV1>
  | Fact<'RunProceededAtCutOff', RunProceededAtCutOffV1>
  | Fact<'RunFailed', RunFailedV1>
  | Fact<'RunCompleted', RunCompletedV1>
  | Fact<'RunSuperseded', RunSupersededV1>
  | Fact<'SourcePolicySet', SourcePolicySetV1>;

export const DIRECTORY_FACT_TYPES: ReadonlySet<string> = new Set<DirectoryFact['type']>([
  'PortfolioRegistered',
  'PortfolioChanged',
  'ExpectedInventorySet',
  'CycleOpened',
  'RunStarted',
  'RunStageStarted',
  'RunMarkedIncomplete',
  'RunProceededAtCutOff',
  'RunFailed',
  'RunCompleted',
  'RunSuperseded',
  'SourcePolicySet',
]);

export type RunStatus = 'running' | 'incomplete' | 'failed' | 'completed' | 'superseded';

export interface CurrentRun {
  runId: string;
  runNumber: number;
  status: RunStatus;
  stage: RunStage;
}

export interface CycleView {
  cycleId: string;
  period: string;
  openedAt: string;
  pinnedSourcePolicyId?: string;
  run?: CurrentRun;
}

export interface PortfolioDirectory {
  portfolioId: string;
  tenantId: string;
  funds: readonly PortfolioFund[];
  expected: readonly ExpectedArtefact[];
  cycles: readonly CycleView[];
  /** Oldest first. */
  sourcePolicies: readonly SourcePolicy[];
}

/** The portfolio whose record a fact changes; cycle and run facts name only the cycle. */
export function portfolioOf(fact: DirectoryFact): string | undefined {
  return 'portfolioId' in fact.data ? fact.data.portfolioId : undefined;
}

export function cycleOf(fact: DirectoryFact): string | undefined {
  return 'cycleId' in fact.data ? fact.data.cycleId : undefined;
}

/** A cycle takes artefacts while its current run is collecting them: running or incomplete, in stage ingest. */
export function acceptsIntake(cycle: CycleView): boolean {
  const { run } = cycle;
  return !!run && (run.status === 'running' || run.status === 'incomplete') && run.stage === 'ingest';
}

export function evolveDirectory(
  directory: PortfolioDirectory | undefined,
  fact: DirectoryFact,
): PortfolioDirectory | undefined {
  if (fact.type === 'PortfolioRegistered') {
    const { portfolioId, tenantId, funds } = fact.data;
    return directory ?? { portfolioId, tenantId, funds, expected: [], cycles: [], sourcePolicies: [] };
  }
  if (!directory) return directory;
  switch (fact.type) {
    case 'PortfolioChanged':
      return { ...directory, funds: fact.data.funds };
    case 'ExpectedInventorySet':
      return {
        ...directory,
        expected: fact.data.funds.flatMap(({ fundId, artefacts }) =>
          artefacts.map(({ artefactType, required }) => ({ fundId, artefactType, required })),
        ),
      };
    case 'SourcePolicySet': {
      const { sourcePolicyId, version, rules, retention } = fact.data;
      if (directory.sourcePolicies.some((policy) => policy.sourcePolicyId === sourcePolicyId))
        return directory;
      const policy = { sourcePolicyId, version, rules, ...(retention ? { retention } : {}) };
      return {
        ...directory,
        sourcePolicies: [...directory.sourcePolicies, policy],
      };
    }
    case 'CycleOpened': {
      const { cycleId, period, pinnedPolicyVersions, at } = fact.data;
      if (directory.cycles.some((cycle) => cycle.cycleId === cycleId)) return directory;
      const pinned = pinnedPolicyVersions.sourcePolicyId;
      const cycle: CycleView = {
        cycleId,
        period,
        openedAt: at,
        ...(pinned ? { pinnedSourcePolicyId: pinned } : {}),
      };
      return { ...directory, cycles: [...directory.cycles, cycle] };
    }
    default:
      return withCycle(directory, fact.data.cycleId, (cycle) => evolveRun(cycle, fact));
  }
}

type RunFact = Exclude<
  DirectoryFact,
  {
    type:
      'PortfolioRegistered' | 'PortfolioChanged' | 'ExpectedInventorySet' | 'SourcePolicySet' | 'CycleOpened';
  }
>;

function evolveRun(cycle: CycleView, fact: RunFact): CycleView {
  if (fact.type === 'RunStarted') {
    const { runId, runNumber } = fact.data;
    return { ...cycle, run: { runId, runNumber, status: 'running', stage: 'ingest' } };
  }
  const { run } = cycle;
  if (!run || run.runId !== fact.data.runId) return cycle;
  const next = (change: Partial<CurrentRun>): CycleView => ({ ...cycle, run: { ...run, ...change } });
  switch (fact.type) {
    case 'RunStageStarted':
      return next({ stage: fact.data.stage });
    case 'RunMarkedIncomplete':
      return next({ status: 'incomplete' });
    case 'RunProceededAtCutOff':
      return next({ status: 'running' });
    case 'RunFailed':
      return next({ status: 'failed', stage: fact.data.stage });
    case 'RunCompleted':
      return next({ status: 'completed' });
    case 'RunSuperseded':
      return next({ status: 'superseded' });
  }
}

function withCycle(
  directory: PortfolioDirectory,
  cycleId: string,
  change: (cycle: CycleView) => CycleView,
): PortfolioDirectory {
  return {
    ...directory,
    cycles: directory.cycles.map((cycle) => (cycle.cycleId === cycleId ? change(cycle) : cycle)),
  };
}
