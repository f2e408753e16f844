import { FaiError } from '@fai/contracts';

/*
 * Cursor pagination: a page is read after a position in a stable order (a sort key and the row id
 * to break ties). The cursor is that position, encoded: opaque to clients, who only pass it back.
 */

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** Where the previous page ended: the sort value and id of its last row. */
export interface PagePosition {
  after: string | number;
  id: string;
}

export class CursorInvalidError extends FaiError {
  constructor() {
    super({
      code: 'CURSOR_INVALID',
      message: 'the cursor is not one this API issued',
      hint: 'Pass back the `nextCursor` of the previous page unchanged, or leave it out for the first page.',
    });
  }
}

export function encodeCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.after, position.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): PagePosition | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(decoded) &&
      decoded.length === 2 &&
      (typeof decoded[0] === 'string' || typeof decoded[0] === 'number') &&
      typeof decoded[1] === 'string'
    )
      return { after: decoded[0], id: decoded[1] };
  } catch {
    // not base64url JSON: reported below like any other foreign cursor
  }
  throw new CursorInvalidError();
}

export interface Page<T> {
  items: T[];
  /** Absent on the last page. */
  nextCursor?: string;
}

/**
 * Turns `limit + 1` rows read after the cursor into a page: the extra row only says whether another
 * page follows.
 */
export function pageOf<R, T>(
  rows: readonly R[],
  limit: number,
  position: (row: R) => PagePosition,
  view: (row: R) => T,
): Page<T> {
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    items: shown.map(view),
    ...(rows.length > limit && last !== undefined ? { nextCursor: encodeCursor(position(last)) } : {}),
  };
}
