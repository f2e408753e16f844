import type { EventMetadata, EventStore, NewEvent, RecordedEvent, SqlExecutor } from '@fai/event-store';
import { v5 as uuidv5 } from 'uuid';

/** Any decider event: a type and its contract's data. */
export type AnyEvent = Readonly<{ type: string; data: unknown }>;

/** Namespace of validation's event ids (uuid v5): the same stream, event and key give the same id. */
const EVENT_NAMESPACE = '5c0f3a52-8d0b-4c8e-9b6e-3f1d2a7c9e41';

/** Which instance of its type an event is within the stream (fund, alert, command): part of its id. */
export type EventKey = (event: AnyEvent) => string;

/**
 * Validation's events as the store takes them. Ids derive from the stream, the type and the key,
 * so appending the same outcome again (a redelivery, a replay) is recognised as a retry and
 * stores nothing.
 */
export function newEvents(
  streamId: string,
  events: readonly AnyEvent[],
  metadata: EventMetadata,
  keyOf: EventKey,
): NewEvent[] {
  return events.map((event) => {
    const fundId = (event.data as { fundId?: unknown }).fundId;
    return {
      eventId: uuidv5(`${streamId}|${event.type}|${keyOf(event)}`, EVENT_NAMESPACE),
      type: event.type,
      schemaVersion: 1,
      data: event.data,
      metadata: { ...metadata, ...(typeof fundId === 'string' && { fundId }) },
    };
  });
}

/** The stream's events as the deciders read them, inside `tx`, with its version for the next append. */
export async function readDomainEvents<E extends AnyEvent>(
  store: EventStore,
  tx: SqlExecutor,
  streamId: string,
): Promise<{ events: E[]; history: RecordedEvent[]; version: number | 'no_stream' }> {
  const history = await store.readStream(streamId, { tx });
  return {
    history,
    events: history.map((recorded) => ({ type: recorded.type, data: recorded.data }) as E),
    version: history.length === 0 ? 'no_stream' : history[history.length - 1].streamVersion,
  };
}

/** Appends inside the caller's transaction; nothing to append is no call at all. */
export async function appendEvents(
  store: EventStore,
  tx: SqlExecutor,
  streamId: string,
  events: NewEvent[],
  expectedVersion: number | 'no_stream' | 'any',
): Promise<void> {
  if (events.length > 0) await store.append(streamId, events, { expectedVersion, tx });
}
