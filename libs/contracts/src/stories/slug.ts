import slugify from 'slugify';

export const MAX_SLUG_LENGTH = 80;
export const FALLBACK_SLUG = 'story';
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

// French elision keeps its word break (« l’été » → l-ete); any other apostrophe joins (aujourd’hui → aujourdhui).
const ELISION = /(?<![\p{L}\p{M}\p{N}])(c|d|j|l|m|n|s|t|qu|jusqu|lorsqu|puisqu|quoiqu|presqu|quelqu)['’ʼ]/giu;
const JOINERS = /['’ʼ‘`´·]/gu;
// slugify deletes most punctuation outright, which would glue "Paris/Berlin" into one word.
const SEPARATORS = /[\p{P}\p{Sm}\p{Zs}]/gu;
const SPOKEN_SYMBOLS = new Set(['&', '%']);

/** ASCII kebab-case slug of at most MAX_SLUG_LENGTH characters, cut between words; never empty. */
export function slugFromHeadline(headline: string, locale = 'fr'): string {
  const words = headline
    .normalize('NFKC')
    .replace(ELISION, '$1 ')
    .replace(JOINERS, '')
    .replace(SEPARATORS, (ch) => (SPOKEN_SYMBOLS.has(ch) ? ` ${ch} ` : ' '));
  const slug = truncate(slugify(words, { lower: true, strict: true, locale }), MAX_SLUG_LENGTH);
  return SLUG_PATTERN.test(slug) ? slug : FALLBACK_SLUG;
}

/** `slug-suffix`, shortening the slug (between words where possible) to stay within MAX_SLUG_LENGTH. */
export function withSuffix(slug: string, suffix: string | number): string {
  const tail = String(suffix);
  if (!SLUG_PATTERN.test(slug)) throw new RangeError(`Not a slug: ${JSON.stringify(slug)}`);
  if (!SLUG_PATTERN.test(tail) || tail.length > MAX_SLUG_LENGTH - 2) {
    throw new RangeError(`Not a slug suffix: ${JSON.stringify(tail)}`);
  }
  return `${truncate(slug, MAX_SLUG_LENGTH - tail.length - 1)}-${tail}`;
}

function truncate(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max + 1).lastIndexOf('-');
  return (cut > 0 ? slug.slice(0, cut) : slug.slice(0, max)).replace(/-+$/, '');
}
