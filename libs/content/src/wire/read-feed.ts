import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import * as linkedom from 'linkedom';
import { bylineName, languageTag, pageUrl, plainLine } from '../page/page-text';

import { MAX_FEED_ITEMS, WireFormat } from './wire-format';

/**
 * One item of a feed, as a draft's fields (plain texts as the feed has them, not yet cut to a draft's
 * bounds; the body still the feed's HTML, to be sanitised like any draft's), or why it cannot be one.
 */
export interface FeedItem {
  /** The item's id at its source: guid, Atom id or ninjs uri; `sha256:` of link and title when it has none. */
  key: string;
  /** Of everything the draft is made from, the item's update time included: a new one is a new revision. */
  fingerprint: string;
  fields?: {
    headline: string;
    standfirst?: string;
    body: string;
    language?: string;
    tags: string[];
    byline?: { name: string };
  };
  link?: string;
  /** ISO 8601: when the source first published the item (or last updated it, when it says nothing else). */
  originalTime?: string;
  /** Why the item cannot be a draft; the other items go on. */
  refused?: string;
}

export type FeedReading = { items: FeedItem[] } | { malformed: string; line?: number; column?: number } | { refused: string };

type Node = Record<string, unknown>;

const ITEM_LISTS = new Set(['item', 'entry', 'category', 'link', 'author', 'dc:creator', 'dc:subject']);

// Entities: only XML's five and character references are ever expanded, since a document declaring any of its own is refused first.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: true,
  trimValues: true,
  isArray: (name) => ITEM_LISTS.has(name),
});

const parseFragment = (
  linkedom as unknown as { parseHTML(this: void, html: string): { document: { body: { textContent: string | null } } } }
).parseHTML;

/** An HTML-or-text value (titles in feeds are often escaped HTML) as one line of plain text: tags dropped, entities decoded. */
export function plainFromHtml(value: string): string {
  if (!/[<&]/.test(value)) return plainLine(value);
  return plainLine(parseFragment(`<!doctype html><html><body>${value}</body></html>`).document.body.textContent);
}

/**
 * The document's prolog declares a document type (internal entities make the billion laughs, external ones
 * read files and URLs): refused before any parser sees it. Comments and processing instructions are skipped.
 */
export function declaresDocumentType(xml: string): boolean {
  let at = 0;
  for (;;) {
    while (at < xml.length && /[\s\uFEFF]/.test(xml[at])) at++;
    if (xml.startsWith('<?', at)) {
      const end = xml.indexOf('?>', at + 2);
      if (end === -1) return false;
      at = end + 2;
    } else if (xml.startsWith('<!--', at)) {
      const end = xml.indexOf('-->', at + 4);
      if (end === -1) return false;
      at = end + 3;
    } else return xml.startsWith('<!', at) && !xml.startsWith('<![CDATA[', at);
  }
}

const textOf = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const text = (value as Node)['#text'];
    if (typeof text === 'string' || typeof text === 'number') return String(text);
  }
  return undefined;
};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const attr = (value: unknown, name: string): string | undefined =>
  value && typeof value === 'object' ? textOf((value as Node)[`@_${name}`]) : undefined;

function isoTime(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = new Date(value.trim());
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A body as HTML: an Atom text construct of type `text` (or an RSS description with no markup) is escaped into a paragraph. */
function htmlBody(value: unknown, type?: string): string | undefined {
  const text = textOf(value);
  if (text === undefined || text.trim() === '') return undefined;
  return type === 'text' ? `<p>${escapeHtml(text)}</p>` : text;
}

function hashOf(...parts: (string | undefined)[]): string {
  return createHash('sha256')
    .update(JSON.stringify(parts.map((part) => part ?? null)))
    .digest('hex');
}

interface RawItem {
  id?: string;
  title?: string;
  link?: string;
  body?: string;
  summary?: string;
  authors: string[];
  categories: string[];
  language?: string;
  published?: string;
  updated?: string;
}

/** A raw item as a FeedItem: its key, its fields and what tells its versions apart. */
function feedItem(raw: RawItem): FeedItem {
  const headline = raw.title === undefined ? '' : plainFromHtml(raw.title);
  const link = pageUrl(raw.link);
  const id = raw.id === undefined ? '' : plainLine(raw.id);
  const key = id || `sha256:${hashOf(link, headline)}`;
  const originalTime = isoTime(raw.published) ?? isoTime(raw.updated);
  const base = { key, ...(link && { link }), ...(originalTime && { originalTime }) };
  const refuse = (why: string): FeedItem => ({ ...base, fingerprint: hashOf(why), refused: why });
  if (!id && !link && !headline) return refuse('the item has no id, no link and no title: nothing tells it from the others');
  if (!headline) return refuse('the item has no title');
  const body = raw.body ?? (raw.summary === undefined ? undefined : raw.summary);
  if (body === undefined) return refuse('the item has no description, summary or content');
  const standfirst = raw.body !== undefined && raw.summary !== undefined ? plainFromHtml(raw.summary) : undefined;
  const author = raw.authors.map(bylineName).find(Boolean);
  const fields = {
    headline,
    ...(standfirst && { standfirst }),
    body,
    ...(raw.language && { language: languageTag(raw.language) ?? raw.language }),
    tags: [...new Set(raw.categories.map(plainFromHtml).filter(Boolean))],
    ...(author && { byline: { name: author } }),
  };
  return { ...base, fields, fingerprint: hashOf(JSON.stringify(fields), raw.updated, link) };
}

function rssItems(doc: Node): RawItem[] | string {
  const channel = (doc.rss as Node | undefined)?.channel as Node | undefined;
  if (!channel || typeof channel !== 'object') return 'an RSS 2.0 feed is <rss><channel>…</channel></rss>';
  const language = textOf(channel.language);
  return list(channel.item).map((value) => {
    const item = (value && typeof value === 'object' ? value : {}) as Node;
    const description = htmlBody(item.description);
    const content = htmlBody(item['content:encoded']);
    return {
      id: textOf(item.guid),
      title: textOf(item.title),
      link: textOf(list(item.link)[0]),
      body: content,
      summary: description,
      authors: [...list(item['dc:creator']), ...list(item.author)].map(textOf).filter((a): a is string => !!a),
      categories: [...list(item.category), ...list(item['dc:subject'])].map(textOf).filter((c): c is string => !!c),
      language: textOf(item['dc:language']) ?? language,
      published: textOf(item.pubDate) ?? textOf(item['dc:date']),
      updated: textOf(item['atom:updated']) ?? textOf(item.pubDate),
    };
  });
}

function atomItems(doc: Node): RawItem[] | string {
  const feed = doc.feed as Node | undefined;
  if (!feed || typeof feed !== 'object') return 'an Atom 1.0 feed is <feed xmlns="http://www.w3.org/2005/Atom">…</feed>';
  const language = attr(feed, 'xml:lang');
  return list(feed.entry).map((value) => {
    const entry = (value && typeof value === 'object' ? value : {}) as Node;
    const links = list(entry.link);
    const alternate = links.find((link) => (attr(link, 'rel') ?? 'alternate') === 'alternate') ?? links[0];
    const content = entry.content;
    const summary = entry.summary;
    return {
      id: textOf(entry.id),
      title: textOf(entry.title),
      link: attr(alternate, 'href'),
      body: htmlBody(content, attr(content, 'type') ?? 'text'),
      summary: htmlBody(summary, attr(summary, 'type') ?? 'text'),
      authors: list(entry.author)
        .map((author) => textOf((author as Node | undefined)?.name))
        .filter((a): a is string => !!a),
      categories: list(entry.category)
        .map((category) => attr(category, 'label') ?? attr(category, 'term'))
        .filter((c): c is string => !!c),
      language: attr(entry, 'xml:lang') ?? language,
      published: textOf(entry.published),
      updated: textOf(entry.updated),
    };
  });
}

const valueOf = (list: unknown, role?: string): string | undefined => {
  const entries = Array.isArray(list) ? (list as Node[]) : [];
  const chosen = entries.find((entry) => entry && typeof entry === 'object' && (role === undefined || entry.role === role)) ?? entries[0];
  return chosen && typeof chosen === 'object' && typeof chosen.value === 'string' ? chosen.value : undefined;
};
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** ninjs 1.x to 3.x: `headlines` / `headline`, `bodies` / `body_html`, `descriptions` / `description_text`, `by`, `subjects`. */
function ninjsItem(value: unknown): RawItem {
  const item = (value && typeof value === 'object' && !Array.isArray(value) ? value : {}) as Node;
  const bodies = Array.isArray(item.bodies) ? (item.bodies as Node[]) : [];
  const htmlBodyValue =
    bodies.find((body) => body && typeof body === 'object' && /html/.test(str(body.contentType) ?? ''))?.value ??
    item.body_html ??
    (bodies.length ? undefined : item.body_text);
  const plainBody = bodies.find((body) => body && typeof body === 'object')?.value;
  return {
    id: str(item.uri) ?? str(item.guid),
    title: valueOf(item.headlines, 'main') ?? str(item.headline),
    link: str(item.webUrl),
    body: typeof htmlBodyValue === 'string' ? htmlBodyValue : htmlBody(plainBody, 'text'),
    summary: valueOf(item.descriptions, 'summary') ?? str(item.description_text),
    authors: [str(item.by)].filter((a): a is string => !!a),
    categories: (Array.isArray(item.subjects) ? (item.subjects as Node[]) : [])
      .map((subject) => str(subject?.name))
      .filter((s): s is string => !!s),
    language: str(item.language),
    published: str(item.firstCreated) ?? str(item.versionCreated),
    updated: str(item.versionCreated),
  };
}

/** The items of a ninjs push or feed: one document, an array of them, or `{ items: [...] }`. */
function ninjsItems(doc: unknown): unknown[] | string {
  if (Array.isArray(doc)) return doc as unknown[];
  if (doc && typeof doc === 'object') {
    const items = (doc as Node).items;
    if (Array.isArray(items)) return items as unknown[];
    if ('uri' in doc || 'headlines' in doc || 'headline' in doc) return [doc];
  }
  return 'a ninjs feed is one ninjs document, an array of them, or { "items": [...] }';
}

function tooMany(count: number): FeedReading {
  return { refused: `the feed holds ${count} items, more than the ${MAX_FEED_ITEMS} a feed may hold: send it in parts` };
}

/** Reads an XML feed (RSS 2.0 or Atom 1.0) safely: no document type, well-formed, at most MAX_FEED_ITEMS items. */
function readXmlFeed(xml: string, format: 'rss' | 'atom'): FeedReading {
  if (declaresDocumentType(xml)) return { refused: 'the feed declares a document type (<!DOCTYPE>): entity declarations are refused' };
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    return { malformed: `the feed is not well-formed XML: ${valid.err.msg}`, line: valid.err.line, column: valid.err.col };
  const doc = parser.parse(xml) as Node;
  const raw = format === 'rss' ? rssItems(doc) : atomItems(doc);
  if (typeof raw === 'string') return { malformed: `the feed is not ${format === 'rss' ? 'RSS 2.0' : 'Atom 1.0'}: ${raw}` };
  if (raw.length > MAX_FEED_ITEMS) return tooMany(raw.length);
  return { items: raw.map(feedItem) };
}

/** A feed's items as drafts' fields. On a page thread: a big feed's parsing never holds up the event loop. */
export function readFeed({ text, format }: { text: string; format: WireFormat }): FeedReading {
  if (format !== 'ninjs') return readXmlFeed(text, format);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { malformed: `the feed is not JSON: ${(err as Error).message}` };
  }
  return ninjsOf(doc);
}

/** Items already parsed from JSON (a push, which the JSON body parser read). */
export function ninjsOf(doc: unknown): FeedReading {
  const items = ninjsItems(doc);
  if (typeof items === 'string') return { malformed: `the body is not ninjs: ${items}` };
  if (items.length > MAX_FEED_ITEMS) return tooMany(items.length);
  return { items: items.map((item) => feedItem(ninjsItem(item))) };
}
