import { ArticleAction, isStoryId, NinjsDocument } from '@newsroom/contracts';
import { keysetPage, Page, PageCursor } from '@newsroom/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, LessThanOrEqual, Not } from 'typeorm';
import { Article, ArticleVersionRow } from '../articles/article.entity';
import type { ArticleFilter } from './reading-query';

/** A published article in a list: its document, and the version that names it. */
export interface ListedArticle {
  id: string;
  version: number;
  document: NinjsDocument;
}

/** What a reader's request for one article needs: whether it may be read, and what it is. */
export type ArticleForReaders = Pick<Article, 'id' | 'slug' | 'status' | 'version' | 'publishedAt' | 'document'>;

/** One version as the list of versions tells it. */
export type VersionEntry = Pick<ArticleVersionRow, 'number' | 'action' | 'createdAt'>;

/** Articles as readers find them: published ones newest first, one by its story id or slug, and its versions. */
@Injectable()
export class ArticleQueries {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Newest first by the time each was first made public, so that an update does not move an article up; never public, never listed. */
  newestFirst(filter: ArticleFilter, page: { limit: number; cursor?: PageCursor }): Promise<Page<ListedArticle>> {
    const rows = this.db.manager
      .createQueryBuilder(Article, 'article')
      .select(['article.id', 'article.version', 'article.publishedAt', 'article.document'])
      .where("article.status = 'published' AND article.published_at IS NOT NULL");
    if (filter.section !== undefined) rows.andWhere('article.section = :section', { section: filter.section });
    // Containment, not ANY(): it is what the GIN index on tags answers.
    if (filter.tag !== undefined) rows.andWhere('article.tags @> ARRAY[:tag]::text[]', { tag: filter.tag });
    if (filter.language !== undefined) rows.andWhere('lower(article.language) = lower(:language)', { language: filter.language });
    return keysetPage(
      rows,
      { at: 'article.published_at', id: 'article.id', direction: 'DESC' },
      page,
      (article) => ({ at: article.publishedAt!.toISOString(), id: article.id }),
      (article) => ({ id: article.id, version: article.version, document: article.document as NinjsDocument }),
    );
  }

  /** A slug is never a UUID, so a UUID names the story and anything else its slug. */
  byIdOrSlug(idOrSlug: string): Promise<ArticleForReaders | null> {
    return this.db.manager.findOne(Article, {
      select: { id: true, slug: true, status: true, version: true, publishedAt: true, document: true },
      where: isStoryId(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug },
    });
  }

  /** The versions readers had, up to the current one, oldest first; a purged one is not among them. */
  versionsOf(storyId: string, current: number): Promise<VersionEntry[]> {
    return this.db.manager.find(ArticleVersionRow, {
      select: { number: true, action: true, createdAt: true },
      where: { storyId, number: LessThanOrEqual(current), document: Not(IsNull()) },
      order: { number: 'ASC' },
    });
  }

  async version(storyId: string, number: number): Promise<{ number: number; action: ArticleAction; document: NinjsDocument } | null> {
    const row = await this.db.manager.findOne(ArticleVersionRow, {
      select: { number: true, action: true, document: true },
      where: { storyId, number },
    });
    return row?.document ? { number: row.number, action: row.action, document: row.document } : null;
  }
}
