import { isProbablyReaderable, Readability } from '@mozilla/readability';
import * as linkedom from 'linkedom';
import { SanitizedBody } from '../sanitize-body';
import { cleanBody } from '../story-text';
import { bylineName, languageTag, nestingDepth, pageUrl, plainLine } from './page-text';

/** What a saved article page gives a draft: plain texts as the page has them (not yet cut to a draft's bounds), the body sanitised. */
export interface PageArticle {
  headline: string;
  standfirst?: string;
  byline?: { name: string; bio?: string };
  language?: string;
  section?: string;
  /** The page's canonical address. */
  originalUrl?: string;
  body: SanitizedBody;
}

export type PageReading = { article: PageArticle } | { noArticle: string } | { unreadable: string };

/**
 * Far deeper than any article page nests (a few dozen). The DOM parser took 17 s on a page nesting 100,000
 * deep, and Readability's work grows with depth × length (8.6 s for 4 MiB of paragraphs 200 deep, 0.9 s flat).
 */
export const MAX_PAGE_NESTING = 500;

/** The part of the DOM read here, as linkedom implements it (its own types lean on the browser's, which this project does not load). */
interface El {
  readonly nodeType: number;
  readonly firstChild: El | null;
  readonly nextSibling: El | null;
  readonly parentNode: El | null;
  readonly tagName: string;
  readonly textContent: string | null;
  readonly isConnected: boolean;
  readonly parentElement: El | null;
  getAttribute(name: string): string | null;
  querySelector(selectors: string): El | null;
  querySelectorAll(selectors: string): Iterable<El>;
  closest(selectors: string): El | null;
  contains(other: El): boolean;
  remove(): void;
}
interface Doc {
  readonly documentElement: El | null;
  readonly title: string;
  querySelector(selectors: string): El | null;
  querySelectorAll(selectors: string): Iterable<El>;
}
const parsePage = (linkedom as unknown as { parseHTML(this: void, html: string): { document: Doc } }).parseHTML;

const NOISE_TAGS =
  'nav, aside, footer, form, button, dialog, iframe, script, style, noscript, template, svg, select, textarea, input, object, embed';
const NOISE_ROLES = new Set([
  'navigation',
  'banner',
  'complementary',
  'contentinfo',
  'dialog',
  'alertdialog',
  'search',
  'menu',
  'menubar',
  'toolbar',
]);
/** Words of class names and ids that mark what is around an article, not in it (English and French). */
const NOISE_WORDS = new Set(
  (
    'share sharing social partage partager cookie cookies consent gdpr rgpd comment comments commentaire commentaires reactions ' +
    'related newsletter subscribe abonnement promo ad ads advert advertisement pub publicite breadcrumb breadcrumbs recommended ' +
    'recommandations outbrain taboola paywall modal popup sidebar menu nav navigation footer'
  ).split(' '),
);
const NOISE_NAMES = new Set(['a-lire-aussi', 'lire-aussi', 'articles-lies', 'read-more', 'more-stories']);
const AUTHOR_WORDS = new Set(['author', 'auteur', 'autrice', 'byline', 'signature']);
const BIO_WORDS = new Set(['bio', 'biography', 'biographie', 'description']);
const LEAD_WORDS = new Set([
  'standfirst',
  'chapo',
  'chapeau',
  'lead',
  'lede',
  'dek',
  'intro',
  'summary',
  'subtitle',
  'subheadline',
  'excerpt',
]);

/** The words of an element's class names and id: `c-share-bar` is c, share, bar. */
function wordsOf(el: El): { names: string[]; words: Set<string> } {
  const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.toLowerCase().split(/\s+/).filter(Boolean);
  return { names, words: new Set(names.flatMap((name) => name.split(/[-_]+/))) };
}

const marked = (el: El, words: Set<string>) => [...wordsOf(el).words].some((word) => words.has(word));
const isNoise = (el: El) => {
  const { names, words } = wordsOf(el);
  return (
    NOISE_ROLES.has(el.getAttribute('role') ?? '') ||
    names.some((name) => NOISE_NAMES.has(name)) ||
    [...words].some((word) => NOISE_WORDS.has(word))
  );
};

const TEXT_NODE = 3;

/**
 * Whether the element holds more than `limit` characters of text. It stops reading there, and walks by
 * first child and next sibling (linkedom builds textContent and childNodes from the whole subtree), so
 * that a thousand boxes nested round a long text cost their depth each, not the text.
 */
function holdsMoreTextThan(el: El, limit: number): boolean {
  let length = 0;
  let node = el.firstChild;
  while (node) {
    if (node.nodeType === TEXT_NODE && (length += node.textContent?.length ?? 0) > limit) return true;
    if (node.firstChild) {
      node = node.firstChild;
      continue;
    }
    while (node !== el && !node.nextSibling) node = node.parentNode!;
    if (node === el) return false;
    node = node.nextSibling;
  }
  return false;
}

/** What is never taken out as noise: the page itself, its main part, and whatever holds the headline. */
function keeperOf(h1: El | null): (el: El) => boolean {
  const kept = new Set<El>();
  for (let el: El | null = h1; el; el = el.parentElement) kept.add(el);
  return (el) => kept.has(el) || ['HTML', 'BODY', 'MAIN'].includes(el.tagName);
}

function meta(doc: Doc, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = plainLine(
      doc.querySelector(`meta[property="${key}"], meta[name="${key}"], meta[http-equiv="${key}"]`)?.getAttribute('content'),
    );
    if (value) return value;
  }
  return undefined;
}

/** The schema.org objects the page describes itself with (JSON-LD), whatever their nesting. */
function linkedData(doc: Doc): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 4 || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) return value.slice(0, 50).forEach((item) => visit(item, depth + 1));
    found.push(value as Record<string, unknown>);
    visit((value as Record<string, unknown>)['@graph'], depth + 1);
  };
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      visit(JSON.parse(script.textContent ?? ''), 0);
    } catch {
      // A page's broken JSON-LD says nothing.
    }
  }
  return found;
}

function ldText(objects: Record<string, unknown>[], key: string): string | undefined {
  for (const object of objects) {
    const value = object[key];
    const text = typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
    if (text && plainLine(text)) return plainLine(text);
  }
  return undefined;
}

function ldAuthor(objects: Record<string, unknown>[]): string | undefined {
  for (const object of objects) {
    const author = Array.isArray(object.author) ? (object.author[0] as unknown) : object.author;
    const name = typeof author === 'string' ? author : (author as { name?: unknown } | undefined)?.name;
    if (typeof name === 'string' && plainLine(name)) return plainLine(name);
  }
  return undefined;
}

/** The author box or byline elements, the name and the biography they give; they are taken out of the page. */
function takeAuthor(doc: Doc, holdsTheArticle: (el: El) => boolean): { name?: string; bio?: string } {
  const boxes = [...doc.querySelectorAll('[class], [id], [itemprop="author"], [rel="author"], address')].filter(
    (el) =>
      (marked(el, AUTHOR_WORDS) || el.getAttribute('itemprop') === 'author' || el.tagName === 'ADDRESS') &&
      !holdsTheArticle(el) &&
      !holdsMoreTextThan(el, 3000),
  );
  let name: string | undefined;
  let bio: string | undefined;
  for (const box of boxes) {
    const bioEl = [box, ...box.querySelectorAll('*')].find((el) => marked(el, BIO_WORDS) || el.getAttribute('itemprop') === 'description');
    bio ??= bioEl ? plainLine(bioEl.textContent) || undefined : undefined;
    const nameEl = box.querySelector('[itemprop="name"], [rel="author"], [class*="name"]') ?? (bioEl === box ? null : box);
    if (nameEl && nameEl !== bioEl)
      name ??= bylineName(bioEl && nameEl.contains(bioEl) ? nameWithout(nameEl, bioEl) : (nameEl.textContent ?? ''));
  }
  for (const box of boxes) if (box.isConnected) box.remove();
  return { ...(name && { name }), ...(bio && { bio }) };
}

function nameWithout(el: El, inner: El): string {
  return (el.textContent ?? '').replace(inner.textContent ?? '', ' ');
}

/** The page's lead paragraph, taken out so that it is the standfirst and not the body's first paragraph. */
function takeLead(doc: Doc, headline: El | null, holdsTheArticle: (el: El) => boolean): string | undefined {
  const scope = headline?.closest('article, main') ?? doc;
  const lead = [...scope.querySelectorAll('p, div, h2')].find(
    (el) => marked(el, LEAD_WORDS) && !holdsTheArticle(el) && !holdsMoreTextThan(el, 5000),
  );
  const text = plainLine(lead?.textContent);
  lead?.remove();
  return text || undefined;
}

function headlineOf(doc: Doc): El | null {
  return doc.querySelector('article h1') ?? doc.querySelector('main h1') ?? doc.querySelector('h1');
}

const NO_ARTICLE = { noArticle: 'no article was found in this page: it has no headline and no run of paragraphs to import' };

/**
 * Reads a saved article page as a draft's fields: headline, lead, byline and author bio, language,
 * section and canonical address from the page and its metadata, then the article itself through
 * Readability, once navigation, share buttons, cookie banners, comments and related links are taken
 * out. The body goes through the newsroom's sanitiser. Runs on a worker thread (a page is up to 5 MiB).
 */
export function readPage(html: string): PageReading {
  if (nestingDepth(html) > MAX_PAGE_NESTING) return { unreadable: `the page nests elements more than ${MAX_PAGE_NESTING} deep` };
  const { document: doc } = parsePage(html);
  if (!doc.documentElement?.querySelector('body')) return NO_ARTICLE;
  const ld = linkedData(doc);
  const base = pageUrl(doc.querySelector('base[href]')?.getAttribute('href'));
  const originalUrl =
    pageUrl(doc.querySelector('link[rel~="canonical"]')?.getAttribute('href'), base) ?? pageUrl(meta(doc, 'og:url'), base);
  const language =
    languageTag(doc.documentElement?.getAttribute('lang')) ??
    languageTag(meta(doc, 'content-language', 'language', 'dc.language', 'og:locale')) ??
    languageTag(ldText(ld, 'inLanguage'));
  const section = meta(doc, 'article:section', 'section') ?? ldText(ld, 'articleSection');
  const description = meta(doc, 'description', 'og:description', 'twitter:description') ?? ldText(ld, 'description');

  const h1 = headlineOf(doc);
  const headline = plainLine(h1?.textContent) || meta(doc, 'og:title', 'twitter:title') || ldText(ld, 'headline') || plainLine(doc.title);
  const holdsTheArticle = keeperOf(h1);
  const author = takeAuthor(doc, holdsTheArticle);
  const lead = takeLead(doc, h1, holdsTheArticle);
  for (const el of [...doc.querySelectorAll(NOISE_TAGS)]) if (el.isConnected && !holdsTheArticle(el)) el.remove();
  for (const el of [...doc.querySelectorAll('[class], [id], [role]')])
    if (el.isConnected && isNoise(el) && !holdsTheArticle(el)) el.remove();
  if (h1?.isConnected) h1.remove();

  // Readability's own test of whether a page has an article to read, eased so that a short news item passes (a 200-character paragraph).
  if (!headline || !isProbablyReaderable(doc, { minContentLength: 100, minScore: 10 })) return NO_ARTICLE;
  const read = new Readability(doc, { keepClasses: false }).parse();
  if (!read?.content) return NO_ARTICLE;
  const cleaned = cleanBody(read.content);
  if ('refused' in cleaned) return NO_ARTICLE;

  const name = author.name ?? meta(doc, 'author') ?? ldAuthor(ld) ?? (read.byline ? bylineName(read.byline) : undefined);
  const standfirst = lead ?? description;
  return {
    article: {
      headline,
      ...(standfirst && { standfirst }),
      ...(name && { byline: { name, ...(author.bio && { bio: author.bio }) } }),
      ...(language && { language }),
      ...(section && { section }),
      ...(originalUrl && { originalUrl }),
      body: cleaned.body.trim() as SanitizedBody,
    },
  };
}
