import { Inject, Injectable } from '@nestjs/common';
import type { RunCommandReply, StartRerunRequest } from '@fai/contracts';
import { currentLogContext } from '@fai/observability';
import { CLOCK, type Clock } from '../../../infrastructure/clock';
import { operatorContext } from '../../../infrastructure/event-codec';
import { CycleCommands, startedRun } from '../../cycle-commands.service';

/** Replaces the current run of a cycle; the reply names the new run. */
@Injectable()
export class StartRerunHandler {
  constructor(
    private readonly cycles: CycleCommands,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(request: StartRerunRequest): Promise<RunCommandReply> {
    const { commandId: _commandId, ...data } = request;
    const outcome = await this.cycles.execute(
      { type: 'StartRerun', data, metadata: { now: this.clock.now() } },
      operatorContext(request, currentLogContext().correlationId),
    );
    return startedRun(outcome);
  }
}
