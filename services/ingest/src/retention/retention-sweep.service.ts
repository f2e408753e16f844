import type { ArtefactStore } from '@fai/artefact-store';
import type { RetentionSweepReply, RunRetentionSweepRequest } from '@fai/contracts';
import type { EventStore, SqlDatabase } from '@fai/event-store';
import { sweepRetention, type RetentionSubject } from '@fai/service-kit';
import { v5 as uuidv5 } from 'uuid';
import type { Logger } from 'winston';
import { newEvents } from '../infrastructure/new-events';
import {
  contentDeletedEvent,
  decideRetentionSweep,
  type RetainedArtefact,
  type RetentionDeletion,
  type RetentionKept,
} from './retention';
import type { RetentionRepository } from './retention.repository';

const SWEEP_NAMESPACE = 'c2d8e4a1-5f3b-4e7c-9a06-1b8d2f5e7c93';

/** Runs a retention sweep of artefact content (sweepRetention: decided, then deleted one at a time under the lock). */
export class RetentionSweepService {
  private readonly artefactRetention: RetentionSubject<RetentionDeletion, RetentionKept, ArtefactSummary>;

  constructor(
    private readonly db: SqlDatabase,
    events: EventStore,
    retention: RetentionRepository,
    artefacts: ArtefactStore,
    private readonly logger: Logger,
  ) {
    this.artefactRetention = {
      decide: async (now, only) => decideRetentionSweep(await retention.facts(only?.tx, only?.id), now),
      idOf: (deletion) => deletion.artefact.artefactId,
      lock: (tx) => retention.lock(tx),
      record: async (tx, deletion, sweep) => {
        const streamId = `artefact-${deletion.artefact.artefactId}`;
        const event = { type: 'ArtefactContentDeleted', data: contentDeletedEvent(deletion, sweep) };
        const cause = { key: sweep.commandId, correlationId: sweep.commandId, actor: sweep.actor };
        await events.append(streamId, newEvents(streamId, [event], cause), { expectedVersion: 'any', tx });
        await retention.markContentDeleted(tx, deletion.artefact.artefactId, sweep.at);
      },
      unkeptContent: () => retention.unkeptContent(),
      removeContent: async (sha256) => void (await artefacts.remove(sha256)),
      summary: ({ artefact: { artefactId, portfolioId, sha256, documentType } }) => ({
        artefactId,
        portfolioId,
        sha256,
        documentType,
      }),
    };
  }

  sweep(request: RunRetentionSweepRequest, now = new Date()): Promise<RetentionSweepReply> {
    const { commandId, actor, dryRun } = request;
    const sweepId = `sweep-${uuidv5(commandId, SWEEP_NAMESPACE)}`;
    return sweepRetention(
      this.db,
      this.artefactRetention,
      { sweepId, commandId, actor, at: now, dryRun },
      this.logger,
    );
  }
}

type ArtefactSummary = Pick<RetainedArtefact, 'artefactId' | 'portfolioId' | 'sha256' | 'documentType'>;
