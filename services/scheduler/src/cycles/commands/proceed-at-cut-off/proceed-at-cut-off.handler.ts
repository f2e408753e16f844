import { Inject, Injectable } from '@nestjs/common';
import type { ProceedAtCutOffRequest, RunCommandReply } from '@fai/contracts';
import { currentLogContext } from '@fai/observability';
import { CLOCK, type Clock } from '../../../infrastructure/clock';
import { operatorContext } from '../../../infrastructure/event-codec';
import { CycleCommands } from '../../cycle-commands.service';

/** Lets a run marked incomplete at its cut-off go on without the missing artefacts. */
@Injectable()
export class ProceedAtCutOffHandler {
  constructor(
    private readonly cycles: CycleCommands,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(request: ProceedAtCutOffRequest): Promise<RunCommandReply> {
    const { cycleId, runId, actor, reason } = request;
    await this.cycles.execute(
      {
        type: 'ProceedAtCutOff',
        data: { cycleId, runId, actor, reason },
        metadata: { now: this.clock.now() },
      },
      operatorContext(request, currentLogContext().correlationId),
    );
    return { cycleId, runId };
  }
}
