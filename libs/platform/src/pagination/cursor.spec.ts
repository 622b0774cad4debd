import { decodeCursor, encodeCursor, PageQuery, toPage } from './cursor';

describe('page cursors', () => {
  it('round-trip the sort key and id', () => {
    const cursor = { at: '2026-11-26T08:00:00.123Z', id: '5f0c2a8e-3b1d-4c9e-9a57-2f6d8e1b4c3a' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it('refuse anything the service did not hand out', () => {
    expect(decodeCursor('not-a-cursor')).toBeUndefined();
    expect(decodeCursor(encodeCursor({ at: '2026-11-26T08:00:00.123Z', id: "x' OR 1=1" }))).toBeUndefined();
    expect(PageQuery.safeParse({ cursor: 'bm9wZQ' }).success).toBe(false);
  });

  it.each([
    ['a day that does not exist', '2026-02-30T08:00:00.000Z'],
    ['an hour past midnight', '2026-02-01T24:00:00.000Z'],
    ['an offset', '2026-11-26T08:00:00.000+99:99'],
    ['a year before Postgres’s and ours', '0000-01-01T00:00:00.000Z'],
    ['a six-digit year', '+275760-09-13T00:00:00.000Z'],
    ['no milliseconds', '2026-11-26T08:00:00Z'],
  ])('refuse a crafted cursor: %s', (_, at) => {
    const crafted = encodeCursor({ at, id: '5f0c2a8e-3b1d-4c9e-9a57-2f6d8e1b4c3a' });
    expect(decodeCursor(crafted)).toBeUndefined();
  });

  it('refuse overlong and non-base64url cursors without decoding them', () => {
    expect(decodeCursor('A'.repeat(10_000))).toBeUndefined();
    expect(decodeCursor('abc\u0000def')).toBeUndefined();
    expect(decodeCursor(Buffer.from(JSON.stringify([[[[['x']]]]])).toString('base64url'))).toBeUndefined();
  });

  it('default and bound the page size', () => {
    expect(PageQuery.parse({}).limit).toBe(20);
    expect(PageQuery.safeParse({ limit: '101' }).success).toBe(false);
  });

  it('offer a next page only when one more row exists', () => {
    const rows = [1, 2, 3].map((n) => ({ n, at: `2026-11-26T08:00:0${n}.000Z`, id: `00000000-0000-4000-8000-00000000000${n}` }));
    const page = toPage(
      rows,
      2,
      (row) => ({ at: row.at, id: row.id }),
      (row) => row.n,
    );
    expect(page.items).toEqual([1, 2]);
    expect(decodeCursor(page.nextCursor!)).toEqual({ at: rows[1].at, id: rows[1].id });
    expect(
      toPage(
        rows,
        3,
        (row) => ({ at: row.at, id: row.id }),
        (row) => row.n,
      ).nextCursor,
    ).toBeNull();
  });
});
