import {
  RUN_STAGES,
  type ExpectedFundInventory,
  type MissingRequiredArtefact,
  type RunStage,
  type StageBudgetsMinutes,
} from '@fai/contracts';
import { cutOffInstant, periodsDue } from '../cadence/schedule-calendar';
import type { CycleOverview } from '../cycles/projections/cycle-overview.projection';
import type { ReceivedArtefact } from '../cycles/stage-outcomes/stage-outcome.mapping';
import type { PortfolioScheduleView } from '../portfolios/projections/portfolio-schedule.projection';

/**
 * What one tick of the clock asks for, computed from the read models alone. The read models may lag
 * the log or be read by several replicas at once: nothing here has to be exact, because every command
 * is decided again on its stream (opening is guarded by `no_stream`, stalls and cut-offs by the
 * stream's state), so a stale plan costs a refused or empty command, never a double run.
 */
export interface TickPlan {
  /** Scheduled cycles due and not opened yet, oldest period first within a portfolio. */
  open: Array<{ portfolioId: string; tenantId: string; period: string }>;
  /** Active runs past the budget of their stage, not alerted for this stage entry yet. */
  checkStall: Array<{ cycleId: string; budgets: StageBudgetsMinutes }>;
  /**
   * Runs still ingesting once their period's cut-off has passed with a required artefact of the
   * expected inventory not received: missing = required (fund, type) − received by that run.
   */
  markIncomplete: Array<{ cycleId: string; missingArtefacts: MissingRequiredArtefact[] }>;
}

export function planTick(
  portfolios: readonly PortfolioScheduleView[],
  activeCycles: readonly CycleOverview[],
  received: readonly ReceivedKey[],
  now: Date,
): TickPlan {
  const scheduled = new Map(
    portfolios.flatMap((portfolio) => {
      const { schedule } = portfolio;
      return schedule ? [[portfolio.portfolioId, { ...portfolio, schedule }] as const] : [];
    }),
  );
  const plan: TickPlan = { open: [], checkStall: [], markIncomplete: [] };
  for (const { portfolioId, tenantId, schedule, lastOpenedPeriod } of scheduled.values()) {
    for (const period of periodsDue(schedule, lastOpenedPeriod ?? undefined, now))
      plan.open.push({ portfolioId, tenantId, period });
  }
  for (const cycle of activeCycles) {
    const portfolio = scheduled.get(cycle.portfolioId);
    if (!portfolio || (cycle.state !== 'running' && cycle.state !== 'incomplete')) continue;
    const { schedule } = portfolio;
    if (isStalled(cycle, schedule.stageBudgetsMinutes, now))
      plan.checkStall.push({ cycleId: cycle.cycleId, budgets: schedule.stageBudgetsMinutes });
    const missingArtefacts = missingRequiredArtefacts(
      portfolio.expectedInventory,
      received.filter((artefact) => artefact.runId === cycle.currentRunId),
    );
    if (
      cycle.state === 'running' &&
      cycle.stage === 'ingest' &&
      missingArtefacts.length > 0 &&
      now.getTime() >= cutOffInstant(schedule, cycle.period).getTime()
    )
      plan.markIncomplete.push({ cycleId: cycle.cycleId, missingArtefacts });
  }
  return plan;
}

function isStalled(cycle: CycleOverview, budgets: StageBudgetsMinutes, now: Date): boolean {
  if (!isRunStage(cycle.stage) || cycle.stageStartedAt === null || cycle.lastStalledAt !== null) return false;
  return now.getTime() - Date.parse(cycle.stageStartedAt) > budgets[cycle.stage] * 60_000;
}

function isRunStage(stage: CycleOverview['stage']): stage is RunStage {
  return (RUN_STAGES as readonly string[]).includes(stage ?? '');
}

type ReceivedKey = Pick<ReceivedArtefact, 'runId' | 'fundId' | 'artefactType'>;

/** The required (fund, artefact type) pairs of the expected inventory not among those received. */
export function missingRequiredArtefacts(
  inventory: readonly ExpectedFundInventory[],
  received: ReadonlyArray<Pick<ReceivedArtefact, 'fundId' | 'artefactType'>>,
): MissingRequiredArtefact[] {
  const receivedKeys = new Set(received.map(slotKey));
  return inventory.flatMap(({ fundId, artefacts }) =>
    artefacts
      .filter(
        ({ required, artefactType }) => required && !receivedKeys.has(slotKey({ fundId, artefactType })),
      )
      .map(({ artefactType }) => ({ fundId, artefactType })),
  );
}

function slotKey({ fundId, artefactType }: Pick<ReceivedArtefact, 'fundId' | 'artefactType'>): string {
  return JSON.stringify([fundId, artefactType]);
}
