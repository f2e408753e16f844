/**
 * CloudEvents 1.0 envelope as FAI puts it on the bus. The extension attributes carry the
 * ids every consumer needs for routing, scoping and tracing without opening `data`.
 */
export interface FaiEventContext {
  tenantid?: string;
  portfolioid?: string;
  cycleid?: string;
  runid?: string;
  fundid?: string;
  correlationid: string;
  causationid?: string;
  traceparent?: string;
  tracestate?: string;
  actor?: string;
}

export interface CloudEvent<TData = unknown> extends FaiEventContext {
  specversion: '1.0';
  id: string;
  source: string;
  /** `fai.<context>.<event-name>.v<version>`, also the NATS subject. */
  type: string;
  subject?: string;
  time: string;
  datacontenttype: 'application/json';
  dataschema: string;
  data: TData;
  /** Position in the event store's global log, so a consumer can tell how far it is behind. */
  faiposition?: string;
  faistream?: string;
  faistreamversion?: number;
}

/** The subject prefix of every event on JetStream; commands use their own prefix so streams never capture them. */
export const EVENT_SUBJECT_PREFIX = 'fai';
export const COMMAND_SUBJECT_PREFIX = 'fai-cmd';
export const DEAD_LETTER_SUBJECT_PREFIX = 'fai-dlq';

export function eventTypeName(context: string, name: string, version: number): string {
  return `${EVENT_SUBJECT_PREFIX}.${context}.${kebab(name)}.v${version}`;
}

/** `fai-cmd.<context>.<command-name>.v<version>`: the core NATS subject a command's owner answers on. */
export function commandSubject(context: string, name: string, version: number): string {
  return `${COMMAND_SUBJECT_PREFIX}.${context}.${kebab(name)}.v${version}`;
}

export function dataSchemaUri(type: string): string {
  return `urn:fai:schema:${type}`;
}

export function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}
