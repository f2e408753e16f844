import type { ContractRegistry } from '@fai/contracts';
import type { EventMetadata, EventStore, ExpectedVersion, SqlExecutor } from '@fai/event-store';
import { v5 as uuidv5 } from 'uuid';

/** An event as the service decides it: its contract name and its data at the latest version. */
export interface ReportingEvent {
  type: string;
  data: unknown;
}

/** What caused the events: the message or command being handled. */
export interface EventCause {
  correlationId: string;
  causationId?: string;
  actor: string;
  /** Names the cause: event ids derive from it, so handling it again writes the same ids. */
  idSeed: string;
}

// Event ids are name-based UUIDs in reporting's own namespace.
const EVENT_ID_NAMESPACE = '3f0e9a6c-5b7d-4e2a-9c1f-8d4b6a2e7c51';

/** Appends reporting's events, each validated against its contract first (a bug never reaches the log). */
export class ReportingEvents {
  constructor(
    private readonly store: EventStore,
    private readonly registry: ContractRegistry,
  ) {}

  async append(
    tx: SqlExecutor,
    streamId: string,
    events: readonly ReportingEvent[],
    cause: EventCause,
    expectedVersion: ExpectedVersion = 'any',
  ): Promise<void> {
    if (events.length === 0) return;
    await this.store.append(
      streamId,
      events.map((event, index) => {
        const { version } = this.registry.latest(event.type);
        return {
          eventId: uuidv5(`${streamId}|${cause.idSeed}|${index}`, EVENT_ID_NAMESPACE),
          type: event.type,
          schemaVersion: version,
          data: this.registry.validate(event.type, version, event.data),
          metadata: metadataOf(event, cause),
        };
      }),
      { expectedVersion, tx },
    );
  }
}

function metadataOf(event: ReportingEvent, cause: EventCause): EventMetadata {
  const about = event.data as Partial<Record<'portfolioId' | 'cycleId' | 'runId' | 'fundId', string>>;
  return Object.fromEntries(
    Object.entries({
      correlationId: cause.correlationId,
      causationId: cause.causationId,
      actor: cause.actor,
      portfolioId: about.portfolioId,
      cycleId: about.cycleId,
      runId: about.runId,
      fundId: about.fundId,
    }).filter(([, value]) => value !== undefined),
  ) as EventMetadata;
}
