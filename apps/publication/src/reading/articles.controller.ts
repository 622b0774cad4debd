import { NinjsDocument, noSuchStory } from '@newsroom/contracts';
import { Page, PageQuery, Public, StoryIdOrSlugParam } from '@newsroom/platform';
import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ArticleQueries } from './article-queries';

/** The public read API: published articles as ninjs documents, newest first. */
@Public()
@Controller('v1/articles')
export class ArticlesController {
  constructor(private readonly articles: ArticleQueries) {}

  @Get()
  list(@Query({ schema: PageQuery }) query: z.output<typeof PageQuery>): Promise<Page<NinjsDocument>> {
    return this.articles.newestFirst(query);
  }

  @Get(':idOrSlug')
  async read(@StoryIdOrSlugParam() idOrSlug: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<NinjsDocument> {
    const article = await this.articles.byIdOrSlug(idOrSlug);
    if (!article || article.status !== 'published') throw noSuchStory(`no published article "${idOrSlug}"`);
    reply.header('ETag', `"${article.version}"`);
    return article.document as NinjsDocument;
  }
}
