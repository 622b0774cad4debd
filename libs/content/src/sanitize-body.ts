import { unusableText } from '@newsroom/contracts';
import sanitizeHtml from 'sanitize-html';

const ABSOLUTE_LINK = /^(https?:|mailto:)/i;
const ABSOLUTE_IMAGE = /^https?:\/\//i;
const PIXELS = /^\d{1,5}$/;
// NUL and its kin: invisible in a browser, refused by Postgres, left behind by pastes from Word.
// eslint-disable-next-line no-control-regex -- these characters are what it looks for
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

// Decoded entities (the default parser setting) mean only & < > (and " in attributes) come out escaped.
const BODY_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'figure',
    'figcaption',
    'ul',
    'ol',
    'li',
    'hr',
    'br',
    'a',
    'strong',
    'em',
    'b',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'q',
    'cite',
    'abbr',
    'img',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'width', 'height'],
    blockquote: ['cite'],
    q: ['cite'],
    abbr: ['title'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: [
    'script',
    'style',
    'textarea',
    'option',
    'select',
    'xmp',
    'noscript',
    'template',
    'title',
    'iframe',
    'object',
    'video',
    'audio',
    'canvas',
    'svg',
    'math',
  ],
  // The page's headline is the only h1.
  transformTags: { h1: 'h2', img: keepPixelSizesOnly },
  exclusiveFilter: (frame) => {
    if (frame.tag === 'a') return ABSOLUTE_LINK.test(frame.attribs.href ?? '') ? false : 'excludeTag';
    if (frame.tag === 'img') return !ABSOLUTE_IMAGE.test(frame.attribs.src ?? '');
    return false;
  },
};

function keepPixelSizesOnly(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const kept = { ...attribs };
  for (const size of ['width', 'height']) {
    if (size in kept && !PIXELS.test(kept[size])) delete kept[size];
  }
  return { tagName, attribs: kept };
}

/** Body HTML that went through sanitizeBody: the only kind that is stored, sent or counted. */
export type SanitizedBody = string & { readonly __brand: 'SanitizedBody' };

/**
 * Elements open inside one another, far beyond any article (blockquote > p > a > strong is four).
 * The parser's cost per tag grows with the depth, so deeper bodies are refused before they cost seconds.
 */
export const MAX_NESTING = 100;

/** A body that cannot be made safe at a bounded cost, or that no reader could use; the message says why. */
export class UnusableBody extends Error {
  override readonly name = 'UnusableBody';
}

/**
 * Editorial HTML with only the allowlisted markup left, in NFC; text characters are never turned into
 * entities. Linear in the body's length: it throws UnusableBody for nesting past MAX_NESTING and for
 * piles of combining marks, on which NFC is quadratic (200,000 characters of them took 30 s).
 */
export function sanitizeBody(html: string): SanitizedBody {
  let depth = 0;
  const clean = sanitizeHtml(html.replace(CONTROL_CHARS, ''), {
    ...BODY_OPTIONS,
    onOpenTag: () => {
      if (++depth > MAX_NESTING) throw new UnusableBody(`must not nest elements more than ${MAX_NESTING} deep`);
    },
    onCloseTag: () => {
      depth--;
    },
  });
  const why = unusableText(clean, { plain: false });
  if (why) throw new UnusableBody(why);
  return clean.normalize('NFC') as SanitizedBody;
}

/** NFC and trimmed at both ends; for headline, standfirst and byline. */
export function normalizeText(s: string): string {
  return s.normalize('NFC').trim();
}

const BLOCK_BOUNDARY = /<\/?(?:p|h[2-6]|blockquote|figure|figcaption|ul|ol|li)(?: [^>]*)?>|<(?:br|hr) \/>/g;

/** The visible text of a body: one line per block, markup removed, entities decoded. */
export function plainText(body: SanitizedBody): string {
  return (
    body
      .replace(/[ \t\n\r\f]+/g, ' ')
      .replace(BLOCK_BOUNDARY, '\n')
      .replace(/<[^>]*>/g, '')
      .replace(/ *\n[\n ]*/g, '\n')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&quot;', '"')
      // Last, so that an escaped entity (&amp;lt;) comes out as the text it was (&lt;).
      .replaceAll('&amp;', '&')
      .trim()
  );
}
