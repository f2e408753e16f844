import type { ContractRegistry } from '@fai/contracts';
import type { EventMetadata, NewEvent, RecordedEvent } from '@fai/event-store';
import { injectTraceContext } from '@fai/observability';
import { v5 as uuidv5 } from 'uuid';

/** An event as the deciders see it: its contract name and its data at the latest version. */
export interface ApprovalEvent {
  readonly type: string;
  readonly data: unknown;
}

/** Who and what caused a command; every event it writes carries this in its metadata. */
export interface CommandContext {
  /** Names the command: its events' ids derive from it, so a retry writes nothing new. */
  commandId: string;
  correlationId: string;
  /** The event the command reacts to (a consumed event's id); the command id when absent. */
  causationId?: string;
  actor: string;
  tenantId?: string;
}

// Event ids are name-based UUIDs in the approval service's own namespace.
const EVENT_ID_NAMESPACE = '5d0f4a3e-8c1b-4f62-9e7a-2b3c4d5e6f70';

/**
 * Between the deciders' events and the store's: new events are validated against their contract
 * (a decider bug never reaches the log) and get ids derived from their command; stored ones are
 * validated and upcast to the latest version on the way back.
 */
export class ApprovalEventCodec {
  constructor(private readonly registry: ContractRegistry) {}

  decode<E extends ApprovalEvent>(event: RecordedEvent): E {
    const { contract, data } = this.registry.decode(event.type, event.schemaVersion, event.data);
    return { type: contract.name, data } as E;
  }

  /** The events of one command for one stream: the `index`-th gets the same id however often it is decided. */
  encode(streamId: string, events: readonly ApprovalEvent[], context: CommandContext): NewEvent[] {
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

/** The command's ids plus the portfolio, cycle, run and fund the event is about, for routing and logs. */
function metadataOf(
  event: ApprovalEvent,
  context: CommandContext,
  trace: Record<string, string>,
): EventMetadata {
  const data = event.data as Record<string, unknown>;
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : undefined);
  const metadata: EventMetadata = {
    correlationId: context.correlationId,
    causationId: context.causationId ?? context.commandId,
    commandId: context.commandId,
    actor: context.actor,
    tenantId: context.tenantId,
    portfolioId: text('portfolioId'),
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
