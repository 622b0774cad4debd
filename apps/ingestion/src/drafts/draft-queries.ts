import { StoryStatus } from '@newsroom/contracts';
import { keysetPage, Page, PageCursor, Principal, withoutBodies } from '@newsroom/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { noSuchDraft, readsEveryDraft, refusalToRead } from './draft-access';
import { Draft } from './draft.entity';
import { feedbackOf } from './draft-store';
import { DraftSummary, DraftView, draftView } from './draft-view';

export interface DraftListQuery {
  status?: StoryStatus;
  limit: number;
  cursor?: PageCursor;
}

/** Drafts as their authors and editors read them. */
@Injectable()
export class DraftQueries {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async read(reader: Principal, id: string): Promise<DraftView> {
    const draft = await this.db.manager.findOneBy(Draft, { id });
    if (!draft) throw noSuchDraft(id);
    const refusal = refusalToRead(draft, reader);
    if (refusal) throw refusal;
    return draftView(draft, await feedbackOf(this.db.manager, id));
  }

  /** Newest first, without bodies (a draft's own page has it); journalists see their own drafts, editors everyone's once submitted. */
  list(reader: Principal, query: DraftListQuery): Promise<Page<DraftSummary>> {
    const rows = this.db.manager.createQueryBuilder(Draft, 'draft');
    const columns = this.db.getMetadata(Draft).columns.map((column) => column.propertyName as keyof Draft);
    if (!readsEveryDraft(reader)) rows.andWhere('draft.author_id = :author', { author: reader.id });
    // Editors see no one's saved drafts but their own (refusalToRead).
    else rows.andWhere("(draft.status <> 'draft' OR draft.author_id = :author)", { author: reader.id });
    if (query.status) rows.andWhere('draft.status = :status', { status: query.status });
    return keysetPage(
      rows,
      { at: 'draft.created_at', id: 'draft.id', direction: 'DESC' },
      query,
      (draft) => ({ at: draft.createdAt.toISOString(), id: draft.id }),
      (draft) => draftView(draft),
      withoutBodies(
        rows,
        columns.filter((column) => column !== 'content'),
      ),
    );
  }
}
