import { NinjsDocument } from '@newsroom/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Article } from '../articles/article.entity';
import { FeedArticle, FEED_SIZE } from './feed-entry';

/** Which article at which version: all it takes to know whether a feed has changed. */
export interface FeedLine {
  id: string;
  version: number;
}

/** The published articles feeds are made of. */
@Injectable()
export class FeedArticles {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The latest published, newest first by when each was first made public, without their documents. */
  latest(section: string | undefined): Promise<FeedLine[]> {
    const rows = this.db.manager
      .createQueryBuilder(Article, 'article')
      .select(['article.id', 'article.version'])
      .where("article.status = 'published' AND article.published_at IS NOT NULL");
    if (section !== undefined) rows.andWhere('article.section = :section', { section });
    return rows.orderBy('article.publishedAt', 'DESC').addOrderBy('article.id', 'DESC').limit(FEED_SIZE).getMany();
  }

  /** Those of the articles still published, in the order given, with the versions they are at now. */
  async read(lines: FeedLine[]): Promise<(FeedArticle & FeedLine)[]> {
    if (lines.length === 0) return [];
    const rows = await this.db.manager.find(Article, {
      select: { id: true, version: true, slug: true, publishedAt: true, document: true },
      where: { id: In(lines.map((line) => line.id)), status: 'published' },
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return lines.flatMap(({ id }) => {
      const row = byId.get(id);
      return row
        ? [{ id, version: row.version, slug: row.slug, publishedAt: row.publishedAt!, document: row.document as NinjsDocument }]
        : [];
    });
  }
}
