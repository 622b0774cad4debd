import { Answers, SERVICE_CONFIG, digestTag, entityTag, Public, Refuses, sendCacheable, StoryIdOrSlugParam } from '@newsroom/platform';
import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PublicationConfig } from '../publication.settings';
import { ArticleDocument, ArticlePageDocument, ArticleVersionsDocument } from './article-documents';
import { ArticleForReaders, ArticleQueries } from './article-queries';
import { noSuchVersion, notReadable } from './article-visibility';
import { pageJson } from './page-json';
import { CachePolicy } from './cache-policy';
import { ArticleListQuery, VersionNumber } from './reading-query';

const CACHEABLE = { ETag: 'the representation’s tag, for If-None-Match', 'Cache-Control': 'how long caches may keep it' };

/** The public read API: published articles as ninjs documents, and the versions readers had of each. */
@Public()
@Controller('v1/articles')
export class ArticlesController {
  constructor(
    private readonly articles: ArticleQueries,
    @Inject(SERVICE_CONFIG) private readonly config: PublicationConfig,
  ) {}

  @Get()
  @Answers(200, ArticlePageDocument, { description: 'Published articles, newest first', headers: CACHEABLE })
  @Refuses(304)
  async list(
    @Query({ schema: ArticleListQuery }) query: ArticleListQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const { limit, cursor, ...filter } = query;
    const page = await this.articles.newestFirst(filter, { limit, cursor });
    return sendCacheable(request, reply, {
      // A version's document never changes: the ids and versions on the page, and where the next starts, decide its bytes.
      etag: digestTag([...page.items.map((article) => `${article.id}:${article.version}`), page.nextCursor ?? '']),
      cacheControl: CachePolicy.list,
      contentType: 'application/json; charset=utf-8',
      body: () =>
        pageJson(
          page.items.map((article) => article.document),
          page.nextCursor,
        ),
    });
  }

  @Get(':idOrSlug')
  @Answers(200, ArticleDocument, { description: 'The live version', headers: CACHEABLE })
  @Refuses(304, 410)
  async read(@StoryIdOrSlugParam() idOrSlug: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const article = await this.readable(idOrSlug, reply);
    return sendCacheable(request, reply, {
      etag: entityTag(article.version),
      cacheControl: CachePolicy.article,
      body: () => article.document,
    });
  }

  @Get(':idOrSlug/versions')
  @Answers(200, ArticleVersionsDocument, { description: 'The versions readers had', headers: CACHEABLE })
  @Refuses(304, 410)
  async versions(
    @StoryIdOrSlugParam() idOrSlug: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const article = await this.readable(idOrSlug, reply);
    const versions = await this.articles.versionsOf(article.id, article.version);
    const base = `${this.config.NEWSROOM_PUBLIC_URL}/v1/articles/${article.slug}/versions`;
    return sendCacheable(request, reply, {
      etag: digestTag(versions.map((version) => `${version.number}:${version.action}`)),
      cacheControl: CachePolicy.versions,
      body: () => ({
        items: versions.map((version) => ({
          number: version.number,
          versionCreated: version.createdAt.toISOString(),
          action: version.action,
          url: `${base}/${version.number}`,
        })),
      }),
    });
  }

  @Get(':idOrSlug/versions/:n')
  @Answers(200, ArticleDocument, { description: 'That version as readers had it', headers: CACHEABLE })
  @Refuses(304, 410)
  async version(
    @StoryIdOrSlugParam() idOrSlug: string,
    @Param('n', { schema: VersionNumber }) number: number,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const article = await this.readable(idOrSlug, reply);
    const version = number <= article.version ? await this.articles.version(article.id, number) : null;
    if (!version) throw noSuchVersion(idOrSlug, number, article.version);
    return sendCacheable(request, reply, { etag: entityTag(number), cacheControl: CachePolicy.versions, body: () => version.document });
  }

  /** The article when readers may have it; otherwise the refusal, which no cache keeps. */
  private async readable(idOrSlug: string, reply: FastifyReply): Promise<ArticleForReaders> {
    reply.header('cache-control', CachePolicy.refused);
    const article = await this.articles.byIdOrSlug(idOrSlug);
    const refusal = notReadable(article, idOrSlug);
    if (refusal) throw refusal;
    return article!;
  }
}
