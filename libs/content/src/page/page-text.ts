import { codePoints } from '@newsroom/contracts';

// Markup whitespace only: a no-break space is the writer's, and stays.
const MARKUP_SPACE = /[ \t\n\r\f]+/g;
// Half of a UTF-16 pair with no other half: no text, and Postgres refuses it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Characters no story field takes (controls, bidi embeddings and overrides, non-characters): a page's markup leaves them, no writer does.
// eslint-disable-next-line no-control-regex -- these characters are what it removes
const UNUSABLE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFDD0-\uFDEF\uFFFE\uFFFF]/g;

/** An element's text as one line of a plain-text field: markup whitespace collapsed, what no field takes removed, NFC. */
export function plainLine(text: string | null | undefined): string {
  return (text ?? '').replace(LONE_SURROGATE, '\uFFFD').replace(MARKUP_SPACE, ' ').replace(UNUSABLE, '').normalize('NFC').trim();
}

const BYLINE_LEAD = /^(?:par|by|de|von|por|di|door|av)\s+/i;

/** A byline as a page writes it ("Par Claire Dupont") to the name a draft's byline holds. */
export function bylineName(text: string): string {
  return plainLine(text).replace(BYLINE_LEAD, '').trim();
}

/** The text within `max` code points: whole, or cut at the last word that fits, with an ellipsis. */
export function cutText(text: string, max: number): string {
  if (codePoints(text) <= max) return text;
  const kept = Array.from(text)
    .slice(0, max - 1)
    .join('');
  const lastSpace = kept.search(/\s\S*$/);
  // A cut within the last fifth, rather than an unbroken word cut in two; a single long word is cut where it must be.
  const atWord = lastSpace > kept.length * 0.8 ? kept.slice(0, lastSpace) : kept;
  return `${atWord.trimEnd()}…`;
}

/** A page's language as a BCP 47 tag: `fr`, `pt-BR`; Open Graph's `fr_FR` read as `fr-FR`. */
export function languageTag(value: string | null | undefined): string | undefined {
  const tag = plainLine(value).replace('_', '-');
  return /^[a-z]{2,3}(?:-[a-z0-9]{1,8}){0,4}$/i.test(tag) ? tag : undefined;
}

/** An absolute http(s) URL a reader could follow, resolved against the page's own address when relative; else undefined. */
export function pageUrl(href: string | null | undefined, base?: string): string | undefined {
  const value = plainLine(href);
  if (!value || value.length > 2000) return undefined;
  try {
    const url = base ? new URL(value, base) : new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

// Elements that hold no content, and those a parser closes by itself at the next sibling: neither deepens a page.
const NOT_NESTING = new Set(
  (
    'area base br col embed hr img input link meta param source track wbr ' +
    'p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rb rt rtc rp'
  ).split(' '),
);
const RAW_TEXT = ['script', 'style', 'textarea', 'title', 'xmp', 'noscript'];

/**
 * How deep a page's elements nest, read from its markup without parsing it (an estimate from above:
 * a tag the page never closes counts as open). The DOM parser's cost grows with the depth, quadratically
 * past some thousands, so a page is measured first. Linear: comments and raw text are skipped with indexOf.
 */
export function nestingDepth(html: string): number {
  const lower = html.toLowerCase();
  let depth = 0;
  let deepest = 0;
  for (let at = lower.indexOf('<'); at !== -1; at = lower.indexOf('<', at + 1)) {
    if (lower.startsWith('<!--', at)) {
      const end = lower.indexOf('-->', at + 4);
      if (end === -1) break;
      at = end + 2;
      continue;
    }
    const tag = /^<(\/?)([a-z][a-z0-9:-]*)/.exec(lower.slice(at, at + 40));
    if (!tag) continue;
    const [, closing, name] = tag;
    const end = lower.indexOf('>', at);
    if (end === -1) break;
    if (closing) {
      if (!NOT_NESTING.has(name)) depth = Math.max(0, depth - 1);
    } else if (RAW_TEXT.includes(name)) {
      const close = lower.indexOf(`</${name}`, end);
      if (close === -1) break;
      at = close;
      continue;
    } else if (!NOT_NESTING.has(name) && lower[end - 1] !== '/') {
      deepest = Math.max(deepest, ++depth);
    }
    at = end;
  }
  return deepest;
}
