/**
 * How long a cache may keep what the public API answers. A takedown must reach readers soon, so
 * every lifetime is short, a stale copy must be checked again (must-revalidate) and is never served
 * while it is (no stale-while-revalidate): a killed article is out of every cache within two minutes.
 */
export const CachePolicy = {
  /** A page of articles: a new article shows within half a minute. */
  list: 'public, max-age=30, must-revalidate',
  /** Feed readers poll; a minute is nothing to them. */
  feed: 'public, max-age=60, must-revalidate',
  article: 'public, max-age=60, must-revalidate',
  /** A version never changes while it is public, so it is kept longest; until it is taken down. */
  versions: 'public, max-age=120, must-revalidate',
  /** Not found, withdrawn, gone: an embargoed story must show the moment it is released, a republished one too. */
  refused: 'no-store',
} as const;
