/*
 * The gateway's read models are documents: one JSON view per key (a cycle, a portfolio, a fund…),
 * folded from events by a pure `evolve`, stored with the few columns reads filter and sort on.
 * The projection consumer loads, evolves and saves them in the transaction that records the event
 * as processed.
 */

/** An event as the projections see it: its contract name, data and the envelope's ids. */
export interface ProjectedEvent {
  id: string;
  name: string;
  /** The CloudEvents source, `fai/<service>`. */
  source: string;
  time: string;
  data: Record<string, unknown>;
  tenantId?: string;
  portfolioId?: string;
  cycleId?: string;
  runId?: string;
  fundId?: string;
  actor?: string;
}

export interface DocumentProjection<D> {
  /** The table (in the gateway schema): `id text`, `doc jsonb` and the columns of `columns`. */
  readonly table: string;
  /** Contract names of the events it folds. */
  readonly handles: readonly string[];
  /** The documents an event changes; none when it concerns nothing this read model keeps. */
  keys(event: ProjectedEvent): string[];
  /** Pure: the document after the event; undefined leaves it as it was (or absent). */
  evolve(doc: D | undefined, event: ProjectedEvent, key: string): D | undefined;
  /** The columns reads filter and sort on, by column name. */
  columns(doc: D): Record<string, string | number | boolean | string[] | null>;
}

// A projection list holds read models of different document types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDocumentProjection = DocumentProjection<any>;

/** A string field of the event's data, if it is one. */
export function text(event: ProjectedEvent, field: string): string | undefined {
  const value = event.data[field];
  return typeof value === 'string' ? value : undefined;
}

/** The portfolio an event concerns: its data's, else the envelope's. */
export function portfolioOf(event: ProjectedEvent): string | undefined {
  return text(event, 'portfolioId') ?? event.portfolioId;
}

/** When the event happened: its data's `at`, else when it was recorded. */
export function atOf(event: ProjectedEvent): string {
  return text(event, 'at') ?? event.time;
}
