/** The three formats, and the media type each is served as. */
export const FEED_FORMATS = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
} as const;
export type FeedFormat = keyof typeof FEED_FORMATS;

/** What a feed says of itself: its name and its publisher's, the list it mirrors, its own address in each format, and when it last changed. */
export interface FeedChannel {
  title: string;
  publisher: string;
  homeUrl: string;
  selfUrls: Record<FeedFormat, string>;
  updated: Date;
}
