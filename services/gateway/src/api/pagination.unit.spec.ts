import { CursorInvalidError, decodeCursor, encodeCursor, pageOf } from './pagination';

describe('cursors', () => {
  it('round-trip a position', () => {
    expect(decodeCursor(encodeCursor({ after: '2026-11-04T07:00:00.000Z', id: 'c-1' }))).toEqual({
      after: '2026-11-04T07:00:00.000Z',
      id: 'c-1',
    });
  });

  it('read no cursor as the first page', () => expect(decodeCursor(undefined)).toBeUndefined());

  it.each([
    'not base64 json!',
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('[1,2]').toString('base64url'),
  ])('refuse a cursor the API did not issue: %s', (cursor) =>
    expect(() => decodeCursor(cursor)).toThrow(CursorInvalidError),
  );
});

describe('pageOf', () => {
  const rows = [1, 2, 3].map((n) => ({ id: `r${n}`, at: n }));
  const position = (row: { id: string; at: number }) => ({ after: row.at, id: row.id });

  it('shows `limit` rows and a cursor after the last when one more row was read', () => {
    const page = pageOf(rows, 2, position, (row) => row.id);
    expect(page.items).toEqual(['r1', 'r2']);
    expect(decodeCursor(page.nextCursor)).toEqual({ after: 2, id: 'r2' });
  });

  it('gives no cursor on the last page', () => {
    expect(pageOf(rows, 3, position, (row) => row.id)).toEqual({ items: ['r1', 'r2', 'r3'] });
  });
});
