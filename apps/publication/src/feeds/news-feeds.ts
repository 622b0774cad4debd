import { digestTag, SERVICE_CONFIG } from '@newsroom/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { PublicationConfig } from '../publication.settings';
import { FeedArticles, FeedLine } from './feed-articles';
import { FeedChannel, FeedFormat } from './feed-channel';
import { feedEntries, FeedEntry } from './feed-entry';
import { jsonFeed } from './json-feed';
import { RenderedFeeds } from './rendered-feeds';
import { atomFeed, rssFeed } from './xml-feeds';

const WRITERS: Record<FeedFormat, (channel: FeedChannel, entries: FeedEntry[]) => string> = {
  rss: rssFeed,
  atom: atomFeed,
  json: jsonFeed,
};
const FILES: Record<FeedFormat, string> = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' };

/** A feed as written, and the entity tag that names it. */
export interface WrittenFeed {
  etag: string;
  text: string;
}

/** The newsroom's feeds: the latest published articles, all or one section's, in each format. */
@Injectable()
export class NewsFeeds {
  private readonly rendered = new RenderedFeeds();

  constructor(
    private readonly articles: FeedArticles,
    @Inject(SERVICE_CONFIG) private readonly config: PublicationConfig,
  ) {}

  /** Which articles at which versions the feed holds now: enough to answer a client that has it already. */
  latest(section: string | undefined): Promise<FeedLine[]> {
    return this.articles.latest(section);
  }

  /** The entity tag of the feed of these articles: they and the settings decide every byte of it. */
  tagOf(format: FeedFormat, section: string | undefined, lines: FeedLine[]): string {
    const { NEWSROOM_PUBLIC_URL, NEWSROOM_FEED_TITLE } = this.config;
    const scope = section === undefined ? 'all' : `section:${section}`;
    return digestTag([format, scope, NEWSROOM_PUBLIC_URL, NEWSROOM_FEED_TITLE, ...lines.map((line) => `${line.id}:${line.version}`)]);
  }

  /** The feed of those articles, written once for as long as they stay as they are. */
  async write(format: FeedFormat, section: string | undefined, lines: FeedLine[]): Promise<WrittenFeed> {
    const tag = this.tagOf(format, section, lines);
    const known = this.rendered.get(tag);
    if (known !== undefined) return { etag: tag, text: known };
    // Read again: one may have moved on, or been taken down, since the lines were read.
    const articles = await this.articles.read(lines);
    const etag = this.tagOf(format, section, articles);
    const base = this.config.NEWSROOM_PUBLIC_URL;
    const entries = feedEntries(articles, (slug) => `${base}/v1/articles/${slug}`);
    const text = WRITERS[format](this.channel(section, entries), entries);
    this.rendered.set(etag, text);
    return { etag, text };
  }

  private channel(section: string | undefined, entries: FeedEntry[]): FeedChannel {
    const base = this.config.NEWSROOM_PUBLIC_URL;
    const withSection = (path: string) => {
      const url = new URL(`${base}${path}`);
      if (section !== undefined) url.searchParams.set('section', section);
      return url.toString();
    };
    const selfUrl = (format: FeedFormat) => withSection(`/v1/feeds/${FILES[format]}`);
    // The newest change among the entries, so that the same articles always make the same bytes.
    const updated = Math.max(0, ...entries.map((entry) => entry.updated.getTime()));
    return {
      title: section === undefined ? this.config.NEWSROOM_FEED_TITLE : `${this.config.NEWSROOM_FEED_TITLE} — ${section}`,
      publisher: this.config.NEWSROOM_FEED_TITLE,
      homeUrl: withSection('/v1/articles'),
      selfUrls: { rss: selfUrl('rss'), atom: selfUrl('atom'), json: selfUrl('json') },
      updated: new Date(updated),
    };
  }
}
