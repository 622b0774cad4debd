import { isStoryId, NinjsDocument } from '@newsroom/contracts';
import { keysetPage, Page, PageCursor } from '@newsroom/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Article } from '../articles/article.entity';

/** What the public reads of an article: its current ninjs document, and the version that is its ETag. */
export type PublicArticle = Pick<Article, 'version' | 'document' | 'status'>;

/** Published articles as readers find them: newest first, or one by its story id or its slug. */
@Injectable()
export class ArticleQueries {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  newestFirst(page: { limit: number; cursor?: PageCursor }): Promise<Page<NinjsDocument>> {
    return keysetPage(
      this.db.manager.createQueryBuilder(Article, 'article').where("article.status = 'published'"),
      { at: 'article.first_created', id: 'article.id', direction: 'DESC' },
      page,
      (article) => ({ at: article.firstCreated.toISOString(), id: article.id }),
      (article) => article.document as NinjsDocument,
    );
  }

  /** A slug is never a UUID, so a UUID names the story and anything else its slug. */
  byIdOrSlug(idOrSlug: string): Promise<PublicArticle | null> {
    return this.db.manager.findOneBy(Article, isStoryId(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug });
  }
}
