import type { OutputRetentionSweepReply, RunOutputRetentionSweepRequest } from '@fai/contracts';
import type { SqlDatabase } from '@fai/event-store';
import type { ConsumerLogger } from '@fai/messaging';
import { sweepRetention, type RetentionSubject } from '@fai/service-kit';
import { v5 as uuidv5 } from 'uuid';
import type { OutputStore } from '../infrastructure/output-store';
import type { ReportingEvents } from '../infrastructure/reporting-events';
import {
  decideOutputRetention,
  outputContentDeletedEvent,
  type OutputDeletion,
  type OutputKept,
  type RetainedOutput,
} from './output-retention';
import type { OutputRetentionRepository } from './output-retention.repository';

const SWEEP_NAMESPACE = '8b4e2f6a-1c9d-4a37-b5e0-6d2f8a1c3e79';

export function outputStreamId(outputId: string): string {
  return `output-${outputId}`;
}

/**
 * Runs an output retention sweep (sweepRetention: decided, then deleted one at a time under the lock):
 * each deletion appends ReportOutputContentDeleted to the output's stream before its bytes go.
 */
export class OutputRetentionSweepService {
  private readonly outputRetention: RetentionSubject<OutputDeletion, OutputKept, OutputSummary>;

  constructor(
    private readonly db: SqlDatabase,
    events: ReportingEvents,
    retention: OutputRetentionRepository,
    outputs: OutputStore,
    private readonly logger?: Pick<ConsumerLogger, 'info'>,
  ) {
    this.outputRetention = {
      decide: async (now, only) => decideOutputRetention(await retention.facts(only?.tx, only?.id), now),
      idOf: (deletion) => deletion.output.outputId,
      lock: (tx) => retention.lock(tx),
      record: async (tx, deletion, sweep) => {
        const { outputId } = deletion.output;
        await events.append(
          tx,
          outputStreamId(outputId),
          [{ type: 'ReportOutputContentDeleted', data: outputContentDeletedEvent(deletion, sweep) }],
          { correlationId: sweep.commandId, actor: sweep.actor, idSeed: sweep.sweepId },
        );
        await retention.markContentDeleted(tx, outputId, sweep.at);
      },
      unkeptContent: () => retention.unkeptContent(),
      removeContent: async (sha256) => void (await outputs.remove(sha256)),
      summary: ({ output: { outputId, kind, portfolioId, sha256 } }) => ({
        outputId,
        kind,
        portfolioId,
        sha256,
      }),
    };
  }

  sweep(request: RunOutputRetentionSweepRequest, now = new Date()): Promise<OutputRetentionSweepReply> {
    const { commandId, actor, dryRun } = request;
    const sweepId = `output-sweep-${uuidv5(commandId, SWEEP_NAMESPACE)}`;
    return sweepRetention(
      this.db,
      this.outputRetention,
      { sweepId, commandId, actor, at: now, dryRun },
      this.logger,
    );
  }
}

type OutputSummary = Pick<RetainedOutput, 'outputId' | 'kind' | 'portfolioId' | 'sha256'>;
