import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Page, PageCursor, toPage } from './cursor';

/** How a list is sorted: by a time, then by id to break ties; both as the query builder names them. */
export interface KeysetOrder {
  at: string;
  id: string;
  direction: 'ASC' | 'DESC';
}

/**
 * One page of a list in keyset order: the rows after the cursor, read `limit + 1` at a time, so
 * a page costs the same however deep it is (an OFFSET would read every row before it).
 */
export async function keysetPage<R extends ObjectLiteral, T>(
  rows: SelectQueryBuilder<R>,
  order: KeysetOrder,
  query: { limit: number; cursor?: PageCursor },
  cursorOf: (row: R) => PageCursor,
  view: (row: R) => T,
  /** How the rows are read; a list that needs less than whole rows reads less. */
  fetch: (rows: SelectQueryBuilder<R>) => Promise<R[]> = (query) => query.getMany(),
): Promise<Page<T>> {
  rows.orderBy(order.at, order.direction).addOrderBy(order.id, order.direction);
  if (query.cursor) {
    const after = order.direction === 'ASC' ? '>' : '<';
    rows.andWhere(`(${order.at}, ${order.id}) ${after} (:cursorAt, :cursorId)`, { cursorAt: query.cursor.at, cursorId: query.cursor.id });
  }
  return toPage(await fetch(rows.limit(query.limit + 1)), query.limit, cursorOf, view);
}

/**
 * For a list page: `columns` of each row as they are, and its jsonb `content` without the story's
 * body, which stays in the database. A page of 100 stories near the size cap would otherwise move
 * and parse some 20 to 80 MB. Returns the `fetch` for keysetPage.
 */
export function withoutBodies<R extends { content: object }>(
  rows: SelectQueryBuilder<R>,
  columns: readonly (keyof R)[],
): (query: SelectQueryBuilder<R>) => Promise<R[]> {
  rows.select(columns.map((column) => `${rows.alias}.${String(column)}`)).addSelect(`${rows.alias}.content - 'body'`, 'summary_content');
  return async (query) => {
    const { entities, raw } = await query.getRawAndEntities<{ summary_content: R['content'] }>();
    return entities.map((row, index) => Object.assign(row, { content: raw[index].summary_content }));
  };
}
