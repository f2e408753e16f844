import { ident, type SqlExecutor } from '@fai/event-store';
import type { AnyDocumentProjection, ProjectedEvent } from './document-projection';

/**
 * Folds one event into every read model that handles it, inside the caller's transaction. Rows are
 * locked while they are evolved, so two transactions never fold the same document from one state.
 */
export async function applyToReadModels(
  tx: SqlExecutor,
  schema: string,
  projections: readonly AnyDocumentProjection[],
  event: ProjectedEvent,
): Promise<void> {
  for (const projection of projections) {
    if (!projection.handles.includes(event.name)) continue;
    const table = `${ident(schema)}.${ident(projection.table)}`;
    for (const key of projection.keys(event)) {
      const { rows } = await tx.query<{ doc: unknown }>(`SELECT doc FROM ${table} WHERE id = $1 FOR UPDATE`, [
        key,
      ]);
      const doc = projection.evolve(rows[0]?.doc, event, key);
      if (doc === undefined) continue;
      const columns = Object.entries(projection.columns(doc));
      const names = ['id', 'doc', ...columns.map(([name]) => name)].map(ident);
      const values = [key, JSON.stringify(doc), ...columns.map(([, value]) => value)];
      await tx.query(
        `INSERT INTO ${table} (${names.join(', ')}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})
         ON CONFLICT (id) DO UPDATE SET ${names
           .slice(1)
           .map((name) => `${name} = EXCLUDED.${name}`)
           .join(', ')}`,
        values,
      );
    }
  }
}
