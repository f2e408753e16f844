import { dataSchemaUri, type CloudEvent, type FaiEventContext } from '@fai/contracts';
import type { EventMetadata, RecordedEvent } from '@fai/event-store';
import type { BusMessage } from './event-bus';

/** Maps a stored event's (name, schema version) to its CloudEvents type, e.g. via the contract registry. */
export type EventTypeResolver = (eventName: string, version: number) => string;

/** Headers a consumer can route and trace on without parsing the body. */
export const EVENT_NAME_HEADER = 'Fai-Event-Name';
export const EVENT_VERSION_HEADER = 'Fai-Event-Version';
export const CORRELATION_ID_HEADER = 'Fai-Correlation-Id';

// Optional stored metadata key → CloudEvents extension attribute (lower case, as the spec requires).
const OPTIONAL_EXTENSIONS: ReadonlyArray<[keyof EventMetadata & string, keyof FaiEventContext]> = [
  ['causationId', 'causationid'],
  ['tenantId', 'tenantid'],
  ['portfolioId', 'portfolioid'],
  ['cycleId', 'cycleid'],
  ['runId', 'runid'],
  ['fundId', 'fundid'],
  ['traceparent', 'traceparent'],
  ['tracestate', 'tracestate'],
  ['actor', 'actor'],
];

/** The CloudEvent a stored event becomes on the bus; the event id stays its id so consumers can deduplicate. */
export function toCloudEvent(
  event: RecordedEvent,
  resolveType: EventTypeResolver,
  source: string,
): CloudEvent {
  const type = resolveType(event.type, event.schemaVersion);
  return {
    specversion: '1.0',
    id: event.eventId,
    source,
    type,
    subject: type,
    time: event.recordedAt.toISOString(),
    datacontenttype: 'application/json',
    dataschema: dataSchemaUri(type),
    ...extensionsOf(event.metadata),
    faiposition: event.globalPosition.toString(),
    faistream: event.streamId,
    faistreamversion: event.streamVersion,
    data: event.data,
  };
}

function extensionsOf(metadata: EventMetadata): FaiEventContext {
  const context: FaiEventContext = { correlationid: metadata.correlationId };
  for (const [key, attribute] of OPTIONAL_EXTENSIONS) {
    const value = metadata[key];
    if (typeof value === 'string' && value !== '') context[attribute] = value;
  }
  return context;
}

const utf8 = new TextEncoder();

/** Structured mode: the whole CloudEvent is the body; headers repeat what routing and tracing need. */
export function toBusMessage(cloudEvent: CloudEvent, eventName: string, version: number): BusMessage {
  const headers: Record<string, string> = {
    [EVENT_NAME_HEADER]: eventName,
    [EVENT_VERSION_HEADER]: String(version),
    [CORRELATION_ID_HEADER]: cloudEvent.correlationid,
  };
  if (cloudEvent.traceparent) headers.traceparent = cloudEvent.traceparent;
  if (cloudEvent.tracestate) headers.tracestate = cloudEvent.tracestate;
  return {
    subject: cloudEvent.type,
    id: cloudEvent.id,
    headers,
    data: utf8.encode(JSON.stringify(cloudEvent)),
  };
}
