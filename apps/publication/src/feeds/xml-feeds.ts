import { randomUUID } from 'node:crypto';
import { Feed, Item } from 'feed';
import { FeedChannel } from './feed-channel';
import { FeedEntry } from './feed-entry';
import { asHtml, asXmlAttribute, forCdata, forXmlText, xmlChars } from './feed-text';

const GENERATOR = 'Newsroom';

function channelOf(channel: FeedChannel, format: 'rss' | 'atom'): Feed {
  const title = forXmlText(channel.title);
  return new Feed({
    title,
    description: title,
    id: channel.selfUrls.atom,
    link: channel.homeUrl,
    updated: channel.updated,
    generator: GENERATOR,
    feedLinks: { [format]: channel.selfUrls[format] },
    // Atom wants an author for the feed or for every entry; the newsroom answers for those without a byline.
    ...(format === 'atom' ? { author: { name: forXmlText(channel.publisher) } } : {}),
  });
}

/** The fields every entry has the same way in both formats; titles and summaries are HTML there (CDATA). */
function itemOf(entry: FeedEntry): Item {
  return {
    title: forCdata(asHtml(entry.headline)),
    id: entry.id,
    link: entry.url,
    date: entry.updated,
    published: entry.published,
    ...(entry.standfirst ? { description: forCdata(asHtml(entry.standfirst)) } : {}),
    content: forCdata(entry.content),
  };
}

/** RSS 2.0; the byline as dc:creator (RSS's own author must be an e-mail address). */
export function rssFeed(channel: FeedChannel, entries: FeedEntry[]): string {
  const feed = channelOf(channel, 'rss');
  for (const entry of entries) {
    feed.addItem({
      ...itemOf(entry),
      category: entry.categories.map((name) => ({ name: forXmlText(name) })),
      extensions: entry.byline ? [{ name: 'dc:creator', objects: { _text: forXmlText(entry.byline) } }] : [],
    });
  }
  return feed.rss2();
}

/** Atom 1.0. */
export function atomFeed(channel: FeedChannel, entries: FeedEntry[]): string {
  const feed = channelOf(channel, 'atom');
  // feed 6 escapes only `&` in category attributes, so a tag holding `<` would make the document
  // malformed: each term and label goes in as a placeholder, replaced once written by its escaped value.
  const placeholder = `category-${randomUUID()}-`;
  const values: string[] = [];
  const slot = (text: string) => `${placeholder}${values.push(asXmlAttribute(xmlChars(text))) - 1}`;
  for (const entry of entries) {
    feed.addItem({
      ...itemOf(entry),
      ...(entry.byline ? { author: [{ name: forXmlText(entry.byline) }] } : {}),
      category: entry.categories.map((name) => ({ term: slot(name), name: slot(name) })),
    });
  }
  return feed.atom1().replace(new RegExp(`"${placeholder}(\\d+)"`, 'g'), (_, index: string) => `"${values[Number(index)]}"`);
}
