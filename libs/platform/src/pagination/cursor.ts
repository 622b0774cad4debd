import { z } from 'zod';

/** Where the next page starts: the sort key and id (a story id, a UUID) of the last item of this page, opaque to clients. */
export interface PageCursor {
  at: string;
  id: string;
}

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id]), 'utf8').toString('base64url');
}

/** Undefined for a cursor this service did not hand out, so that callers can answer 400. */
export function decodeCursor(value: string): PageCursor | undefined {
  try {
    const [at, id] = z
      .tuple([z.string().datetime({ offset: true }), z.string().uuid()])
      .parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
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
