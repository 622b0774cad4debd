import { isStoryId, NinjsDocument } from '@newsroom/contracts';
import { Page, PageQuery, ProblemException, Public, toPage } from '@newsroom/platform';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Article } from './article.entity';

/** The public read API: published articles as ninjs documents, newest first. */
@Public()
@Controller('v1/articles')
export class ArticlesController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  async list(@Query({ schema: PageQuery }) query: z.output<typeof PageQuery>): Promise<Page<NinjsDocument>> {
    const rows = this.db.manager
      .createQueryBuilder(Article, 'article')
      .orderBy('article.first_created', 'DESC')
      .addOrderBy('article.id', 'DESC');
    if (query.cursor) rows.andWhere('(article.first_created, article.id) < (:at, :id)', query.cursor);
    const articles = await rows.limit(query.limit + 1).getMany();
    return toPage(
      articles,
      query.limit,
      (article) => ({ at: article.firstCreated.toISOString(), id: article.id }),
      (article) => article.document,
    );
  }

  @Get(':idOrSlug')
  async read(@Param('idOrSlug') idOrSlug: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<NinjsDocument> {
    const article = await this.db.manager.findOneBy(Article, isStoryId(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug });
    if (!article) throw new ProblemException({ status: 404, detail: `no published article "${idOrSlug}"` });
    reply.header('ETag', `"${article.version}"`);
    return article.document;
  }
}
