import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { decodeCursor, pageOf, type Page } from './pagination';
import type { PageQuery } from './page-query.dto';

export interface DocumentOrder {
  /** The SQL column the page is ordered by (then by id). */
  column: string;
  /** Its SQL type, for comparing the cursor's value. */
  type: 'text' | 'timestamptz' | 'numeric';
  direction: 'ASC' | 'DESC';
}

/** What a page reads of a row: no entity is built, only the document and its position are kept. */
interface PageRow<D> {
  id: string;
  doc: D;
  position: unknown;
}

/**
 * One page of read-model documents, after the cursor's position in (column, id) order. Reads one row
 * more than the page to know whether a next page exists. Only the id, the document and the sort
 * value are selected, as raw rows: hydrating entities cost more than the page query itself.
 */
export async function documentPage<R extends ObjectLiteral & { id: string; doc: D }, D>(
  query: SelectQueryBuilder<R>,
  order: DocumentOrder,
  page: PageQuery,
): Promise<Page<D>> {
  const alias = query.alias;
  const position = decodeCursor(page.cursor);
  if (position) {
    const comparison = order.direction === 'DESC' ? '<' : '>';
    query.andWhere(
      `(${alias}.${order.column}, ${alias}.id) ${comparison} (CAST(:cursorAfter AS ${order.type}), :cursorId)`,
      { cursorAfter: position.after, cursorId: position.id },
    );
  }
  const rows: Array<PageRow<D>> = await query
    .select(`${alias}.id`, 'id')
    .addSelect(`${alias}.doc`, 'doc')
    .addSelect(`${alias}.${order.column}`, 'position')
    .orderBy(`${alias}.${order.column}`, order.direction)
    .addOrderBy(`${alias}.id`, order.direction)
    .limit(page.limit + 1)
    .getRawMany();
  return pageOf(
    rows,
    page.limit,
    (row) => ({
      after: row.position instanceof Date ? row.position.toISOString() : String(row.position),
      id: row.id,
    }),
    (row) => row.doc,
  );
}

/** Narrows a read to rows whose columns equal the filters given; absent filters narrow nothing. */
export function whereEquals<R extends ObjectLiteral>(
  query: SelectQueryBuilder<R>,
  filters: Record<string, string | undefined>,
): SelectQueryBuilder<R> {
  for (const [column, value] of Object.entries(filters))
    if (value !== undefined) query.andWhere(`${query.alias}.${column} = :${column}`, { [column]: value });
  return query;
}
