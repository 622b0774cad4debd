import { storyText } from '@newsroom/content';
import { StoryLimits } from '@newsroom/contracts';
import { Answers, matchesIfNoneMatch, Public, Refuses, sendCacheable } from '@newsroom/platform';
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CachePolicy } from '../reading/cache-policy';
import { FEED_FORMATS, FeedFormat } from './feed-channel';
import { NewsFeeds } from './news-feeds';

/** `?section=`: one section's feed, the section read as the door reads the story's own. */
const FeedQuery = z.object({ section: storyText(StoryLimits.section).optional() });
type FeedQuery = z.output<typeof FeedQuery>;

const CACHEABLE = { ETag: 'the feed’s tag, for If-None-Match', 'Cache-Control': 'how long caches may keep it' };

/** The public feeds of the latest published articles: RSS 2.0, Atom 1.0 and JSON Feed 1.1. */
@Public()
@Controller('v1/feeds')
export class FeedsController {
  constructor(private readonly feeds: NewsFeeds) {}

  @Get('rss.xml')
  @Answers(200, null, { description: 'RSS 2.0', media: [FEED_FORMATS.rss], headers: CACHEABLE })
  @Refuses(304)
  rss(@Query({ schema: FeedQuery }) query: FeedQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.answer('rss', query, request, reply);
  }

  @Get('atom.xml')
  @Answers(200, null, { description: 'Atom 1.0', media: [FEED_FORMATS.atom], headers: CACHEABLE })
  @Refuses(304)
  atom(@Query({ schema: FeedQuery }) query: FeedQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.answer('atom', query, request, reply);
  }

  @Get('feed.json')
  @Answers(200, null, { description: 'JSON Feed 1.1', media: [FEED_FORMATS.json], headers: CACHEABLE })
  @Refuses(304)
  json(@Query({ schema: FeedQuery }) query: FeedQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.answer('json', query, request, reply);
  }

  private async answer(format: FeedFormat, { section }: FeedQuery, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const lines = await this.feeds.latest(section);
    const current = this.feeds.tagOf(format, section, lines);
    // A reader that has this feed already is answered before any document is read.
    const feed = matchesIfNoneMatch(request.headers['if-none-match'], current)
      ? { etag: current, text: '' }
      : await this.feeds.write(format, section, lines);
    return sendCacheable(request, reply, {
      etag: feed.etag,
      cacheControl: CachePolicy.feed,
      contentType: FEED_FORMATS[format],
      body: () => feed.text,
    });
  }
}
