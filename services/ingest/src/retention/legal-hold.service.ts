import type {
  LegalHoldPlacedV1,
  LegalHoldReleasedV1,
  PlaceLegalHoldRequest,
  ReleaseLegalHoldRequest,
} from '@fai/contracts';
import { fold } from '@fai/decider';
import type { EventStore, SqlDatabase } from '@fai/event-store';
import { v5 as uuidv5 } from 'uuid';
import { ArtefactRecordNotFoundError } from '../artefacts/intake-errors';
import type { IngestRepository } from '../infrastructure/ingest.repository';
import { newEvents } from '../infrastructure/new-events';
import { legalHoldDecider, type LegalHoldCommand, type LegalHoldEvent } from './legal-hold.decider';
import type { RetentionRepository } from './retention.repository';

const HOLD_NAMESPACE = '3f6b1c9e-8a27-4d05-9c1e-5b7a2d4f6e80';

export interface LegalHoldReply {
  holdId: string;
  scope: LegalHoldPlacedV1['scope'];
  targetId: string;
}

export function legalHoldStreamId(holdId: string): string {
  return `legal-hold-${holdId}`;
}

/**
 * Places and releases legal holds (stream `legal-hold-<holdId>`), recording them in `legal_holds` in
 * the same transaction, under the retention lock, so no sweep deletes what a hold placed before it covers.
 */
export class LegalHoldService {
  constructor(
    private readonly db: SqlDatabase,
    private readonly events: EventStore,
    private readonly repository: IngestRepository,
    private readonly retention: RetentionRepository,
  ) {}

  async place(request: PlaceLegalHoldRequest, now = new Date()): Promise<LegalHoldReply> {
    const { commandId, actor, reason, scope, targetId } = request;
    if (scope === 'artefact' && !(await this.repository.findArtefact(targetId)))
      throw new ArtefactRecordNotFoundError(targetId);
    const holdId = `hold-${uuidv5(commandId, HOLD_NAMESPACE)}`;
    await this.handle(commandId, actor, {
      type: 'PlaceLegalHold',
      data: { holdId, scope, targetId, actor, reason },
      metadata: { now },
    });
    return { holdId, scope, targetId };
  }

  async release(request: ReleaseLegalHoldRequest, now = new Date()): Promise<LegalHoldReply> {
    const { commandId, actor, reason, holdId } = request;
    const released = await this.handle(commandId, actor, {
      type: 'ReleaseLegalHold',
      data: { holdId, actor, reason },
      metadata: { now },
    });
    return { holdId, scope: released.scope, targetId: released.targetId };
  }

  /** Decides on the hold's stream; the same command again finds its events there and appends nothing. */
  private async handle(commandId: string, actor: string, command: LegalHoldCommand) {
    const streamId = legalHoldStreamId(command.data.holdId);
    const recorded = await this.events.readStream(streamId);
    const history = recorded.map((event) => ({ type: event.type, data: event.data }) as LegalHoldEvent);
    const cause = { key: commandId, correlationId: commandId, actor };
    // Event ids depend on the cause, stream and position only: the first event this command would append.
    const mine = newEvents(streamId, [{ type: command.type, data: {} }], cause)[0]!.eventId;
    const earlier = recorded.find((event) => event.eventId === mine);
    if (earlier) return earlier.data as LegalHoldReleasedV1;
    const decided = legalHoldDecider.decide(command, fold(legalHoldDecider, history));
    if (decided.length > 0)
      await this.db.transaction(async (tx) => {
        await this.retention.lock(tx);
        await this.events.append(streamId, newEvents(streamId, decided, cause), {
          expectedVersion: recorded.at(-1)?.streamVersion ?? 'no_stream',
          tx,
        });
        for (const event of decided)
          if (event.type === 'LegalHoldPlaced') await this.retention.recordHoldPlaced(tx, event.data);
          else await this.retention.recordHoldReleased(tx, event.data);
      });
    return (decided[0] ?? history[0])!.data;
  }
}
