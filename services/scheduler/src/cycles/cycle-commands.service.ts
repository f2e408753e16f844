import { Injectable } from '@nestjs/common';
import { CycleAlreadyOpenedError, type RunCommandReply } from '@fai/contracts';
import type { SqlExecutor } from '@fai/event-store';
import { CommandExecutor, type CommandOutcome, type FollowUp } from '../infrastructure/command-executor';
import type { EventContext } from '../infrastructure/event-codec';
import {
  cycleDecider,
  cycleIdFor,
  cycleStreamId,
  type CycleCommand,
  type CycleEvent,
  type CycleState,
  type OpenCycle,
} from './cycle.decider';
import { operatorAlertFor, operatorAlertStreamId } from './operator-alerts';

export type CycleOutcome = CommandOutcome<CycleEvent, CycleState>;

/**
 * Cycle commands against their stream `cycle-<cycleId>`, whoever sends them (operators, the clock,
 * other services' stage events). The operator alerts a decision raises are written with it.
 */
@Injectable()
export class CycleCommands {
  constructor(private readonly executor: CommandExecutor) {}

  /**
   * Opens the cycle of (portfolio, period, kind). The double-run guard is the store: the stream is
   * created with expected version `no_stream`, and whoever loses gets CYCLE_ALREADY_OPEN naming it.
   */
  open(data: OpenCycle['data'], now: Date, context: EventContext): Promise<CycleOutcome> {
    const cycleId = cycleIdFor(data.portfolioId, data.period, data.kind);
    return this.executor.create({
      decider: cycleDecider,
      streamId: cycleStreamId(cycleId),
      command: { type: 'OpenCycle', data, metadata: { now } },
      context: { ...context, portfolioId: data.portfolioId },
      exists: () => new CycleAlreadyOpenedError(cycleId),
    });
  }

  execute(
    command: Exclude<CycleCommand, OpenCycle>,
    context: EventContext,
    tx?: SqlExecutor,
  ): Promise<CycleOutcome> {
    return this.executor.execute({
      decider: cycleDecider,
      streamId: cycleStreamId(command.data.cycleId),
      command,
      context,
      tx,
      followUps: (decided, { portfolioId }) =>
        decided.flatMap(({ event, eventId }): FollowUp[] => {
          const alert = operatorAlertFor(event, eventId, portfolioId);
          if (!alert) return [];
          return [
            {
              streamId: operatorAlertStreamId(alert.alertId),
              events: [{ type: 'OperatorAlertRaised', data: alert }],
              expectedVersion: 'no_stream',
            },
          ];
        }),
    });
  }
}

/** The run a command started (open or rerun), as the reply names it. */
export function startedRun({ events }: CycleOutcome): RunCommandReply {
  // Opening a cycle and starting a rerun always decide a RunStarted, or throw.
  const started = events.find((event) => event.type === 'RunStarted')!;
  return { cycleId: started.data.cycleId, runId: started.data.runId };
}
