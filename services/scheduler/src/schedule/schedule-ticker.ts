import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CutOffNotApplicableError, CycleAlreadyOpenedError } from '@fai/contracts';
import { FAI_CONFIG, FAI_LOGGER } from '@fai/service-kit';
import { DataSource, In } from 'typeorm';
import { CycleCommands } from '../cycles/cycle-commands.service';
import { CycleOverviewRow } from '../cycles/projections/cycle-overview.read-model';
import { ReceivedArtefactRow } from '../cycles/received-artefacts/received-artefact.read-model';
import { CLOCK, type Clock } from '../infrastructure/clock';
import type { EventContext } from '../infrastructure/event-codec';
import { PortfolioScheduleRow } from '../portfolios/projections/portfolio-schedule.read-model';
import type { SchedulerConfig } from '../scheduler.config';
import { planTick } from './tick-plan';

export interface TickerLogger {
  debug(message: string, meta?: Record<string, unknown>): unknown;
  info(message: string, meta?: Record<string, unknown>): unknown;
  error(message: string, meta?: Record<string, unknown>): unknown;
}

/** What one tick did; for logs and tests. */
export interface TickOutcome {
  opened: string[];
  stalled: string[];
  markedIncomplete: string[];
}

/** The actor of what the clock does, in event metadata. */
export const CLOCK_ACTOR = 'scheduler-clock';

/**
 * The scheduler's clock: every FAI_SCHEDULER_TICK_MS it reads the read models, opens the scheduled
 * cycles that are due, checks runs past their stage budget and marks runs still ingesting at their
 * cut-off incomplete. Every replica ticks; the event store decides (see TickPlan), so a tick that
 * loses a race to another replica, or repeats one from before a restart, changes nothing.
 */
@Injectable()
export class ScheduleTicker {
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<unknown>;
  private running = false;

  constructor(
    @Inject(FAI_CONFIG)
    private readonly config: Pick<SchedulerConfig, 'FAI_SCHEDULER_TICK_MS' | 'FAI_SCHEDULER_STALL_REPEAT_MINUTES'>,
    private readonly dataSource: DataSource,
    private readonly cycles: CycleCommands,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(FAI_LOGGER) private readonly logger: TickerLogger,
  ) {}

  /** Ticks now, then every interval after the previous tick finished. */
  start(): void {
    this.running = true;
    this.schedule(0);
  }

  /** Lets the tick in flight finish. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.ticking;
  }

  async tick(): Promise<TickOutcome> {
    const now = this.clock.now();
    const [portfolios, activeCycles] = await Promise.all([
      this.dataSource.getRepository(PortfolioScheduleRow).find(),
      this.dataSource.getRepository(CycleOverviewRow).findBy({ state: In(['running', 'incomplete']) }),
    ]);
    const ingestingRunIds = activeCycles.flatMap((cycle) =>
      cycle.stage === 'ingest' && cycle.currentRunId ? [cycle.currentRunId] : [],
    );
    const received =
      ingestingRunIds.length === 0
        ? []
        : await this.dataSource.getRepository(ReceivedArtefactRow).findBy({ runId: In(ingestingRunIds) });
    const plan = planTick(portfolios, activeCycles, received, now);
    const outcome: TickOutcome = { opened: [], stalled: [], markedIncomplete: [] };
    for (const { portfolioId, tenantId, period } of plan.open) {
      await this.attempt('open a due cycle', { portfolioId, period }, async () => {
        const { events, duplicate } = await this.cycles.open(
          { portfolioId, period, kind: 'scheduled', openedBy: { kind: 'clock' } },
          now,
          { ...clockContext(), tenantId },
        );
        const [opened] = events;
        if (opened?.type !== 'CycleOpened' || duplicate) return;
        outcome.opened.push(opened.data.cycleId);
        this.logger.info('cycle opened', { portfolioId, cycleId: opened.data.cycleId, period });
      });
    }
    for (const { cycleId, budgets } of plan.checkStall) {
      await this.attempt('check a run for a stall', { cycleId }, async () => {
        const { events } = await this.cycles.execute(
          {
            type: 'CheckStall',
            data: { cycleId, budgets, repeatAfterMinutes: this.config.FAI_SCHEDULER_STALL_REPEAT_MINUTES },
            metadata: { now },
          },
          clockContext(),
        );
        if (events.length > 0) outcome.stalled.push(cycleId);
      });
    }
    for (const { cycleId, missingArtefacts } of plan.markIncomplete) {
      await this.attempt('mark a run incomplete at cut-off', { cycleId }, async () => {
        const { events } = await this.cycles.execute(
          { type: 'MarkIncompleteAtCutOff', data: { cycleId, missingArtefacts }, metadata: { now } },
          clockContext(),
        );
        if (events.length > 0) outcome.markedIncomplete.push(cycleId);
      });
    }
    return outcome;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.ticking = this.tick()
        .catch((error: unknown) => this.logger.error('clock tick failed', { error }))
        .finally(() => {
          if (this.running) this.schedule(this.config.FAI_SCHEDULER_TICK_MS);
        });
    }, delayMs);
  }

  /**
   * Runs one action of the plan; one failing does not stop the others. Losing a race to another
   * replica (or to the run moving on) is expected and only logged at debug.
   */
  private async attempt(
    action: string,
    about: Record<string, string>,
    work: () => Promise<void>,
  ): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof CycleAlreadyOpenedError || error instanceof CutOffNotApplicableError)
        this.logger.debug(`clock did not ${action}: ${error.code}`, about);
      else this.logger.error(`clock could not ${action}`, { ...about, error });
    }
  }
}

function clockContext(): EventContext {
  const commandId = randomUUID();
  return { commandId, correlationId: commandId, actor: CLOCK_ACTOR };
}
