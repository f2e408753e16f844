import type { EventMetadata, NewEvent } from '@fai/event-store';
import { v5 as uuidv5 } from 'uuid';

const EVENT_NAMESPACE = '9b0f3c2e-7d41-4a8e-b6c5-2f1e0d9c8b7a';

/** A decided event: its contract name and its data. */
export interface Decided {
  type: string;
  data: object;
}

export interface Causation {
  /** What the events answer (an intake id, a command id, the id of the event reacted to): it fixes their ids. */
  key: string;
  correlationId: string;
  causationId?: string;
  actor?: string;
}

/**
 * Events to append, with ids derived from what caused them: deciding the same cause again yields the
 * same ids, so a retried command or a redelivered event appends nothing twice.
 */
export function newEvents(streamId: string, decided: readonly Decided[], cause: Causation): NewEvent[] {
  return decided.map((event, index) => ({
    eventId: uuidv5(`${cause.key}/${streamId}/${index}`, EVENT_NAMESPACE),
    type: event.type,
    schemaVersion: 1,
    data: event.data,
    metadata: metadataOf(event.data as Record<string, unknown>, cause),
  }));
}

const CONTEXT_KEYS = ['tenantId', 'portfolioId', 'cycleId', 'runId', 'fundId'] as const;

/** The ids the bus carries as CloudEvents extensions, taken from the event's own data. */
function metadataOf(data: Record<string, unknown>, cause: Causation): EventMetadata {
  const metadata: EventMetadata = { correlationId: cause.correlationId };
  if (cause.causationId) metadata.causationId = cause.causationId;
  const actor = typeof data.actor === 'string' ? data.actor : cause.actor;
  if (actor) metadata.actor = actor;
  for (const key of CONTEXT_KEYS) if (typeof data[key] === 'string') metadata[key] = data[key];
  return metadata;
}

/** Decided events grouped by the stream each goes to, in decision order. */
export function byStream<E extends Decided>(
  events: readonly E[],
  streamOf: (event: E) => string,
): Map<string, E[]> {
  const streams = new Map<string, E[]>();
  for (const event of events) {
    const streamId = streamOf(event);
    streams.set(streamId, [...(streams.get(streamId) ?? []), event]);
  }
  return streams;
}
