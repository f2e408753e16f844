import { Inject, Injectable } from '@nestjs/common';
import type { FaiError } from '@fai/contracts';
import { fold, type Decider } from '@fai/decider';
import {
  PostgresEventStore,
  StreamVersionConflictError,
  type AppendResult,
  type ExpectedVersion,
  type RecordedEvent,
  type SqlDatabase,
  type SqlExecutor,
} from '@fai/event-store';
import { SQL_DATABASE } from '@fai/service-kit';
import { EventCodec, type DomainEvent, type EventContext } from './event-codec';

/** Events another stream receives because of what a command decided, in the same transaction. */
export interface FollowUp {
  streamId: string;
  events: DomainEvent[];
  expectedVersion: ExpectedVersion;
}

export interface StreamCommand<C, E extends DomainEvent, S> {
  decider: Decider<C, E, S>;
  streamId: string;
  command: C;
  context: EventContext;
  /** Other streams' events for what was decided (e.g. operator alerts); `context` is the one the events carry. */
  followUps?: (decided: ReadonlyArray<{ event: E; eventId: string }>, context: EventContext) => FollowUp[];
  /** Append inside this transaction (a savepoint per attempt) instead of one of the executor's own. */
  tx?: SqlExecutor;
}

export interface CommandOutcome<E, S> {
  /** What the command decided: now, or (`duplicate`) when it was first sent. Empty when it changed nothing. */
  events: E[];
  duplicate: boolean;
  /** The stream's state with the command's events applied. */
  state: S;
}

/** Attempts of one command against concurrent writers to its stream before the conflict is returned. */
const MAX_ATTEMPTS = 5;

/**
 * Runs a command against its stream: read, fold, decide, append at the version read. The store's
 * expected-version check is the only guard against concurrent writers (other replicas, other handlers
 * of this one): on a conflict the command is decided again on the new state. A command whose events
 * are already in the stream (same command id) is a retry and decides nothing new.
 */
@Injectable()
export class CommandExecutor {
  constructor(
    private readonly store: PostgresEventStore,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly codec: EventCodec,
  ) {}

  /** The stream's current state, e.g. to check a portfolio exists before opening its cycle. */
  async load<E extends DomainEvent, S>(decider: Decider<unknown, E, S>, streamId: string): Promise<S> {
    const { events } = await this.read<E>(streamId);
    return fold(decider, events);
  }

  async execute<C, E extends DomainEvent, S>(spec: StreamCommand<C, E, S>): Promise<CommandOutcome<E, S>> {
    const { decider, streamId, command } = spec;
    for (let attempt = 1; ; attempt++) {
      const { history, events } = await this.read<E>(streamId, spec.tx);
      const state = fold(decider, events);
      const sent = this.eventsOfCommand(history, events, spec.context.commandId);
      if (sent.length > 0) return { events: sent, duplicate: true, state };
      const decided = decider.decide(command, state);
      if (decided.length === 0) return { events: decided, duplicate: false, state };
      // Later events of a stream belong to the tenant and portfolio of its first.
      const first = history[0]?.metadata;
      const context = {
        ...spec.context,
        tenantId: spec.context.tenantId ?? first?.tenantId,
        portfolioId: spec.context.portfolioId ?? first?.portfolioId,
      };
      const expectedVersion = history.length > 0 ? history[history.length - 1].streamVersion : 'no_stream';
      try {
        await this.append(spec, decided, context, expectedVersion);
        return { events: decided, duplicate: false, state: decided.reduce(decider.evolve, state) };
      } catch (error) {
        if (!(error instanceof StreamVersionConflictError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * For a stream that must not exist yet (the cycle of a period): decides on the initial state and
   * appends with `no_stream`, so of two writers racing, one creates the stream and the other gets
   * `exists()`, unless it is a retry of the very command that created it.
   */
  async create<C, E extends DomainEvent, S>(
    spec: StreamCommand<C, E, S> & { exists: () => FaiError },
  ): Promise<CommandOutcome<E, S>> {
    const { decider, streamId, command } = spec;
    const initial = decider.initialState();
    const decided = decider.decide(command, initial);
    const state = decided.reduce(decider.evolve, initial);
    try {
      const { alreadyStored } = await this.append(spec, decided, spec.context, 'no_stream');
      return { events: decided, duplicate: alreadyStored, state };
    } catch (error) {
      if (!(error instanceof StreamVersionConflictError)) throw error;
      const { history, events } = await this.read<E>(streamId, spec.tx);
      const sent = this.eventsOfCommand(history, events, spec.context.commandId);
      if (sent.length > 0) return { events: sent, duplicate: true, state: fold(decider, events) };
      throw spec.exists();
    }
  }

  private async append<C, E extends DomainEvent, S>(
    spec: StreamCommand<C, E, S>,
    decided: E[],
    context: EventContext,
    expectedVersion: ExpectedVersion,
  ): Promise<AppendResult> {
    const events = this.codec.encode(spec.streamId, decided, context);
    const followUps =
      spec.followUps?.(
        decided.map((event, index) => ({ event, eventId: events[index].eventId })),
        context,
      ) ?? [];
    return this.inTransaction(spec.tx, async (tx) => {
      const result = await this.store.append(spec.streamId, events, { expectedVersion, tx });
      for (const followUp of followUps) {
        await this.store.append(
          followUp.streamId,
          this.codec.encode(followUp.streamId, followUp.events, context),
          {
            expectedVersion: followUp.expectedVersion,
            tx,
          },
        );
      }
      return result;
    });
  }

  /** A transaction of its own, or a savepoint in the caller's: a failed attempt leaves the caller's transaction usable. */
  private async inTransaction<T>(
    tx: SqlExecutor | undefined,
    work: (tx: SqlExecutor) => Promise<T>,
  ): Promise<T> {
    if (!tx) return this.db.transaction(work);
    await tx.query('SAVEPOINT scheduler_command');
    try {
      const result = await work(tx);
      await tx.query('RELEASE SAVEPOINT scheduler_command');
      return result;
    } catch (error) {
      await tx.query('ROLLBACK TO SAVEPOINT scheduler_command');
      throw error;
    }
  }

  /** Inside the caller's transaction when there is one: on the embedded PGlite a read outside it would wait for it. */
  private async read<E extends DomainEvent>(
    streamId: string,
    tx?: SqlExecutor,
  ): Promise<{ history: RecordedEvent[]; events: E[] }> {
    const history = await this.store.readStream(streamId, { tx });
    return { history, events: history.map((event) => this.codec.decode<E>(event)) };
  }

  private eventsOfCommand<E>(history: RecordedEvent[], events: E[], commandId: string): E[] {
    return events.filter((_, index) => history[index].metadata.commandId === commandId);
  }
}
