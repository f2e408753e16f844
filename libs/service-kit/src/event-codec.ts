import type { ContractRegistry } from '@fai/contracts';
import type { EventMetadata, NewEvent, RecordedEvent } from '@fai/event-store';
import { injectTraceContext } from '@fai/observability';
import { v5 as uuidv5 } from 'uuid';

/** An event as deciders see it: its contract name and its data at the latest version. */
export interface DomainEvent {
  readonly type: string;
  readonly data: unknown;
}

/** Who and what caused a command; every event it writes carries this in its metadata. */
export interface EventContext {
  /** Names the command: the ids of its events derive from it, so a retry writes nothing new. */
  commandId: string;
  correlationId: string;
  /** The event or request the command reacts to; the command id when absent. */
  causationId?: string;
  actor: string;
  tenantId?: string;
  /** The portfolio the command is about, when its events' data does not name it. */
  portfolioId?: string;
}

/**
 * Between the deciders' events and the store's: stored data is validated and upcast to the latest
 * version of its contract on the way in, decided data validated against it on the way out (a
 * decider bug never reaches the log), and each new event gets an id derived from its command.
 */
export class EventCodec {
  /** `idNamespace`: the service's own UUID namespace for its name-based event ids. */
  constructor(
    private readonly registry: ContractRegistry,
    private readonly idNamespace: string,
  ) {}

  decode<E extends DomainEvent>(event: RecordedEvent): E {
    const { contract, data } = this.registry.decode(event.type, event.schemaVersion, event.data);
    return { type: contract.name, data } as E;
  }

  /** The events of one command for one stream; the `index`-th gets the same id however often it is decided. */
  encode(streamId: string, events: readonly DomainEvent[], context: EventContext): NewEvent[] {
    const trace: Record<string, string> = {};
    injectTraceContext(trace);
    return events.map((event, index) => {
      const { version } = this.registry.latest(event.type);
      return {
        eventId: uuidv5(`${streamId}|${context.commandId}|${index}`, this.idNamespace),
        type: event.type,
        schemaVersion: version,
        data: this.registry.validate(event.type, version, event.data),
        metadata: metadataOf(event, context, trace),
      };
    });
  }
}

/** The command's ids plus the portfolio, cycle, run and fund the event is about, so the bus and the logs can route on them. */
function metadataOf(event: DomainEvent, context: EventContext, trace: Record<string, string>): EventMetadata {
  const data = event.data as Record<string, unknown>;
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : undefined);
  const metadata: EventMetadata = {
    correlationId: context.correlationId,
    causationId: context.causationId ?? context.commandId,
    commandId: context.commandId,
    actor: context.actor,
    tenantId: context.tenantId,
    portfolioId: context.portfolioId ?? text('portfolioId'),
    cycleId: text('cycleId'),
    runId: text('runId'),
    fundId: text('fundId'),
    traceparent: trace.traceparent,
    tracestate: trace.tracestate,
  };
  return Object.fromEntries(
    Object.entries(metadata).filter(([, value]) => value !== undefined),
  ) as EventMetadata;
}
