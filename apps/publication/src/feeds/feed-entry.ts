import { NinjsDocument, NinjsRoles } from '@newsroom/contracts';
import { asHtml } from './feed-text';

/** How many articles a feed carries: the latest published. */
export const FEED_SIZE = 50;
/**
 * Body HTML a feed carries in all, newest first (50 articles of ordinary length take most of it);
 * an article past it carries its standfirst, so that no feed costs more than about 40 ms of the
 * event loop to write, however long the stories (a million characters took about 100 ms, and held
 * publication's loop past the hostile-input suite's 100 ms bound beside other work).
 */
export const FEED_BODY_BUDGET = 400_000;

/** A published article as every feed format tells it; texts are as stored, plain or HTML as named. */
export interface FeedEntry {
  /** The ninjs URI: the same across versions. */
  id: string;
  url: string;
  headline: string;
  standfirst?: string;
  byline?: string;
  language: string;
  /** The section first, then the tags. */
  categories: string[];
  /** HTML: the body, or past the budget the standfirst (or headline) as a paragraph. */
  content: string;
  published: Date;
  updated: Date;
}

/** What a feed is made of: the article's current document, its URL slug and when it was first made public. */
export interface FeedArticle {
  slug: string;
  publishedAt: Date;
  document: NinjsDocument;
}

/** The articles, newest first, as feed entries; `articleUrl` says where readers find one. */
export function feedEntries(articles: FeedArticle[], articleUrl: (slug: string) => string): FeedEntry[] {
  let budget = FEED_BODY_BUDGET;
  return articles.map(({ slug, publishedAt, document }) => {
    const headline = (document.headlines.find((h) => h.role === 'main') ?? document.headlines[0])?.value ?? '';
    const standfirst = document.descriptions?.find((d) => d.role === NinjsRoles.summary)?.value;
    const body = document.bodies.find((b) => b.contentType === 'text/html')?.value ?? '';
    const fits = body !== '' && body.length <= budget;
    if (fits) budget -= body.length;
    const subjects = document.subjects ?? [];
    const named = (rel: string) => subjects.filter((s) => s.rel === rel && s.name).map((s) => s.name!);
    return {
      id: document.uri,
      url: articleUrl(slug),
      headline,
      ...(standfirst ? { standfirst } : {}),
      ...(document.by ? { byline: document.by } : {}),
      language: document.language,
      categories: [...named(NinjsRoles.section), ...named(NinjsRoles.tag)],
      content: fits ? body : `<p>${asHtml(standfirst ?? headline)}</p>`,
      published: publishedAt,
      updated: new Date(document.versionCreated),
    };
  });
}
