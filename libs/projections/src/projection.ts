import type { RecordedEvent } from '@fai/event-store';
import type { EntityManager, ObjectLiteral } from 'typeorm';

/** A TypeORM entity class (decorated with `@Entity`). */
export type ReadModelEntity = new () => ObjectLiteral;

/**
 * A read model built from the service's own event log. The runner hands it each event once, in log
 * order, inside the transaction that also moves its checkpoint; a rebuild empties its tables and
 * hands it every event again from position 0, so `apply` must depend on nothing but the events.
 */
export interface Projection {
  /** Unique within the service: the key of its checkpoint. */
  readonly name: string;
  /** The entities whose tables hold this read model and nothing else: a rebuild empties them. */
  readonly entities: readonly ReadModelEntity[];
  /** Events of other types are passed over without a call to `apply` (the checkpoint still moves). */
  handles(eventType: string): boolean;
  apply(event: RecordedEvent, manager: EntityManager): Promise<void>;
}
