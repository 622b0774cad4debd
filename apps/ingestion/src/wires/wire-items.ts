import { StoryStatus } from '@newsroom/contracts';
import { Page, PageQuery, toPage } from '@newsroom/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';

export const WireItemsQuery = PageQuery;
export type WireItemsQuery = z.output<typeof WireItemsQuery>;

interface ItemRow {
  item_id: string;
  draft_id: string;
  first_seen_at: Date;
  updated_at: Date;
  status: StoryStatus;
  revision: number;
  headline: string;
  language: string;
  link: string | null;
}

/** An item a wire gave, as the desk reads it: the story it became and where that story stands. */
export function wireItemView(row: ItemRow) {
  return {
    itemId: row.item_id,
    storyId: row.draft_id,
    headline: row.headline,
    language: row.language,
    status: row.status,
    revision: row.revision,
    link: row.link,
    firstSeenAt: row.first_seen_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
export type WireItemView = ReturnType<typeof wireItemView>;

/** A source's incoming items, the latest taken in (new or revised) first. */
@Injectable()
export class WireItems {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(source: string, { limit, cursor }: WireItemsQuery): Promise<Page<WireItemView>> {
    const params: unknown[] = [source, limit + 1];
    // Keyset on (updated_at, draft_id): wire_items_latest serves it, so a page costs the same however deep it is.
    const after = cursor ? 'AND (w.updated_at, w.draft_id) < ($3, $4)' : '';
    if (cursor) params.push(cursor.at, cursor.id);
    const rows = await this.db.query<ItemRow[]>(
      `SELECT w.item_id, w.draft_id, w.first_seen_at, w.updated_at, d.status, d.revision,
              d.content->>'headline' AS headline, d.content->>'language' AS language, d.content->'origin'->>'link' AS link
         FROM ingestion.wire_items w JOIN ingestion.drafts d ON d.id = w.draft_id
        WHERE w.source = $1 ${after}
        ORDER BY w.updated_at DESC, w.draft_id DESC
        LIMIT $2`,
      params,
    );
    return toPage(rows, limit, (row) => ({ at: row.updated_at.toISOString(), id: row.draft_id }), wireItemView);
  }
}
