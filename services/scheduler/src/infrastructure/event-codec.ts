import { Injectable } from '@nestjs/common';
import { ContractRegistry } from '@fai/contracts';
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
  portfolioId?: string;
}

// Event ids are name-based UUIDs in the scheduler's own namespace.
const EVENT_ID_NAMESPACE = '0b7c52d5-2c1c-4d0a-9a51-6f3e0f1a7c44';

/**
 * Between the deciders' events and the store's: stored data is validated and upcast to the latest
 * version of its contract on the way in, decided data validated against it on the way out (a
 * decider bug never reaches the log), and each new event gets an id derived from its command.
 */
@Injectable()
export class EventCodec {
  constructor(private readonly registry: ContractRegistry) {}

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
        eventId: uuidv5(`${streamId}|${context.commandId}|${index}`, EVENT_ID_NAMESPACE),
        type: event.type,
        schemaVersion: version,
        data: this.registry.validate(event.type, version, event.data),
        metadata: metadataOf(event, context, trace),
      };
    });
  }
}

/** The command's ids plus the cycle and run the event is about, so the bus and the logs can route on them. */
function metadataOf(event: DomainEvent, context: EventContext, trace: Record<string, string>): EventMetadata {
  const data = event.data as { cycleId?: unknown; runId?: unknown };
  return withoutUndefined({
    correlationId: context.correlationId,
    causationId: context.causationId ?? context.commandId,
    commandId: context.commandId,
    actor: context.actor,
    tenantId: context.tenantId,
    portfolioId: context.portfolioId,
    cycleId: typeof data.cycleId === 'string' ? data.cycleId : undefined,
    runId: typeof data.runId === 'string' ? data.runId : undefined,
    traceparent: trace.traceparent,
    tracestate: trace.tracestate,
  });
}

function withoutUndefined(metadata: EventMetadata): EventMetadata {
  return Object.fromEntries(
    Object.entries(metadata).filter(([, value]) => value !== undefined),
  ) as EventMetadata;
}

/** The context of a command an operator sent: the caller's correlation id when the request carried one. */
export function operatorContext(
  request: { commandId: string; actor: string },
  correlationId?: string,
): EventContext {
  return {
    commandId: request.commandId,
    actor: request.actor,
    correlationId: correlationId ?? request.commandId,
  };
}
