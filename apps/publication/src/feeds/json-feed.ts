import { FeedChannel } from './feed-channel';
import { FeedEntry } from './feed-entry';

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): plain text everywhere but `content_html`. */
export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

interface JsonFeedAuthor {
  name: string;
}

interface JsonFeedItem {
  id: string;
  url: string;
  title: string;
  summary?: string;
  content_html: string;
  date_published: string;
  date_modified: string;
  authors?: JsonFeedAuthor[];
  tags?: string[];
  language: string;
}

export interface JsonFeed {
  version: typeof JSON_FEED_VERSION;
  title: string;
  home_page_url: string;
  feed_url: string;
  authors: JsonFeedAuthor[];
  items: JsonFeedItem[];
}

/**
 * The feed as JSON Feed 1.1, written here: feed 6 writes only JSON Feed 1.0 (one `author`, no
 * `language`), and JSON.stringify is all the escaping JSON needs.
 */
export function jsonFeed(channel: FeedChannel, entries: FeedEntry[]): string {
  const feed: JsonFeed = {
    version: JSON_FEED_VERSION,
    title: channel.title,
    home_page_url: channel.homeUrl,
    feed_url: channel.selfUrls.json,
    authors: [{ name: channel.publisher }],
    items: entries.map((entry) => ({
      id: entry.id,
      url: entry.url,
      title: entry.headline,
      ...(entry.standfirst ? { summary: entry.standfirst } : {}),
      content_html: entry.content,
      date_published: entry.published.toISOString(),
      date_modified: entry.updated.toISOString(),
      ...(entry.byline ? { authors: [{ name: entry.byline }] } : {}),
      ...(entry.categories.length ? { tags: entry.categories } : {}),
      language: entry.language,
    })),
  };
  return JSON.stringify(feed);
}
