import { z } from 'zod';

/** Where the next page starts: the sort key and id (a story id, a UUID) of the last item of this page, opaque to clients. */
export interface PageCursor {
  at: string;
  id: string;
}

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id]), 'utf8').toString('base64url');
}

// What encodeCursor writes: Date#toISOString of a time PostgreSQL holds (years 1970 to 9999), in UTC, and a UUID.
const CURSOR_TIME = /^(?:19[7-9]\d|[2-9]\d{3})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Far longer than any cursor handed out (about 90 characters), short enough to decode for nothing. */
export const MAX_CURSOR_LENGTH = 200;
const CursorTuple = z.tuple([z.string().regex(CURSOR_TIME), z.string().uuid()]);

/** Undefined for a cursor this service did not hand out (odd dates, offsets, huge years included), so that callers can answer 400. */
export function decodeCursor(value: string): PageCursor | undefined {
  if (value.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  try {
    const parsed = CursorTuple.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    if (!parsed.success) return undefined;
    const [at, id] = parsed.data;
    // 2026-02-30 matches the pattern but is no day: only a time that reads back the same is one we wrote.
    const time = new Date(at);
    if (Number.isNaN(time.getTime()) || time.toISOString() !== at) return undefined;
    return { at, id };
  } catch {
    return undefined;
  }
}

/** Query parameters every list endpoint takes. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const cursor = decodeCursor(value);
      if (!cursor) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'is not a cursor this endpoint returned' });
      return cursor;
    }),
});

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Builds a page from `limit + 1` rows: the extra row only says whether another page exists. */
export function toPage<R, T>(rows: R[], limit: number, cursorOf: (row: R) => PageCursor, view: (row: R) => T): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(view), nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}
