import { fold, type Decider } from '@fai/decider';
import {
  StreamVersionConflictError,
  type EventStore,
  type RecordedEvent,
  type SqlDatabase,
  type SqlExecutor,
} from '@fai/event-store';
import type { DomainEvent, EventCodec, EventContext } from '@fai/service-kit';

export interface StreamCommand<C, E extends DomainEvent, S> {
  decider: Decider<C, E, S>;
  streamId: string;
  command: C;
  context: EventContext;
  /** Append inside this transaction (a savepoint per attempt), e.g. a consumer's processed-events one. */
  tx?: SqlExecutor;
}

export interface CommandOutcome<E, S> {
  /** What the command decided, now or (a retry) when it was first sent; empty when it changed nothing. */
  events: E[];
  /** True when the command was sent before: its events were already in the stream. */
  duplicate: boolean;
  /** The stream's state right after the command's events. */
  state: S;
}

/** A stored event with what its metadata says about who caused it. */
export interface StoredEvent<E> {
  event: E;
  actor?: string;
  commandId?: unknown;
  recordedAt: Date;
}

/** Attempts of one command against concurrent writers to its stream before the conflict is returned. */
const MAX_ATTEMPTS = 5;

/**
 * Runs a command against its stream: read, fold, decide, append at the version read. The store's
 * expected-version check is the only guard against concurrent writers (replicas, consumers racing a
 * person's command): on a conflict the command is decided again on the new state. A command whose
 * events are already in the stream (same command id) is a retry: it decides nothing new and is
 * answered from the state its events left.
 */
export class StreamCommands {
  constructor(
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    private readonly codec: EventCodec,
  ) {}

  async load<E extends DomainEvent, S>(decider: Decider<unknown, E, S>, streamId: string): Promise<S> {
    return fold(
      decider,
      (await this.read<E>(streamId)).map(({ event }) => event),
    );
  }

  /** `tx`: read inside the caller's transaction, which may already hold this stream's newest events. */
  async read<E extends DomainEvent>(streamId: string, tx?: SqlExecutor): Promise<Array<StoredEvent<E>>> {
    const history = await this.store.readStream(streamId, { tx });
    return history.map((recorded: RecordedEvent) => ({
      event: this.codec.decode<E>(recorded),
      actor: recorded.metadata.actor,
      commandId: recorded.metadata.commandId,
      recordedAt: recorded.recordedAt,
    }));
  }

  async execute<C, E extends DomainEvent, S>(spec: StreamCommand<C, E, S>): Promise<CommandOutcome<E, S>> {
    const { decider, streamId, command, context } = spec;
    for (let attempt = 1; ; attempt++) {
      const history = await this.read<E>(streamId, spec.tx);
      const events = history.map(({ event }) => event);
      const last = history.map(({ commandId }) => commandId).lastIndexOf(context.commandId);
      if (last >= 0)
        return {
          events: history
            .filter(({ commandId }) => commandId === context.commandId)
            .map(({ event }) => event),
          duplicate: true,
          state: fold(decider, events.slice(0, last + 1)),
        };
      const state = fold(decider, events);
      const decided = decider.decide(command, state);
      if (decided.length === 0) return { events: decided, duplicate: false, state };
      const expectedVersion = history.length > 0 ? history.length - 1 : 'no_stream';
      try {
        await this.inTransaction(spec.tx, (tx) =>
          this.store.append(streamId, this.codec.encode(streamId, decided, context), { expectedVersion, tx }),
        );
        return { events: decided, duplicate: false, state: decided.reduce(decider.evolve, state) };
      } catch (error) {
        if (!(error instanceof StreamVersionConflictError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /** A transaction of its own, or a savepoint in the caller's: a failed attempt leaves the caller's transaction usable. */
  private async inTransaction<T>(
    tx: SqlExecutor | undefined,
    work: (tx: SqlExecutor) => Promise<T>,
  ): Promise<T> {
    if (!tx) return this.db.transaction(work);
    await tx.query('SAVEPOINT approval_command');
    try {
      const result = await work(tx);
      await tx.query('RELEASE SAVEPOINT approval_command');
      return result;
    } catch (error) {
      await tx.query('ROLLBACK TO SAVEPOINT approval_command');
      throw error;
    }
  }
}
