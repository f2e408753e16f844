import type { AnyEventContract } from '@fai/contracts';
import type { DocumentProjection, ProjectedEvent } from './document-projection';

/** An event of a contract: its example's data with `data` over it, as a test fixture. */
export function exampleEvent(
  contract: AnyEventContract,
  data: Record<string, unknown> = {},
  envelope: Partial<ProjectedEvent> = {},
): ProjectedEvent {
  return {
    id: `${contract.name}-${JSON.stringify(data)}`,
    name: contract.name,
    source: `fai/${contract.context}`,
    time: '2026-11-04T00:00:00.000Z',
    data: { ...(contract.example as Record<string, unknown>), ...data },
    ...envelope,
  };
}

/** Given these events, each document the projection keeps, by key. */
export function fold<D>(projection: DocumentProjection<D>, ...events: ProjectedEvent[]): Map<string, D> {
  const docs = new Map<string, D>();
  for (const event of events) {
    for (const key of projection.keys(event)) {
      const doc = projection.evolve(docs.get(key), event, key);
      if (doc !== undefined) docs.set(key, doc);
    }
  }
  return docs;
}
