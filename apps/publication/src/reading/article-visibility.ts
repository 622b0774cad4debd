import { ArticleStatus, noSuchStory, Refusal } from '@newsroom/contracts';

/** What readers may learn of an article: its document, that it was withdrawn, that it is gone, or nothing at all. */
export type Visibility = 'public' | 'withdrawn' | 'gone' | 'unknown';

/** What decides it: where the article stands, and whether it was ever made public. */
export interface ArticleStanding {
  status: ArticleStatus;
  publishedAt: Date | null;
}

/**
 * An article never made public (embargoed, or killed before its time) is unknown to readers, so
 * that no embargoed story leaks; once public, it stays known when it is taken down, with nothing of it.
 */
export function visibilityOf(article: ArticleStanding | null): Visibility {
  if (!article || article.publishedAt === null) return 'unknown';
  const visibility: Record<ArticleStatus, Visibility> = {
    published: 'public',
    unpublished: 'withdrawn',
    killed: 'gone',
    scheduled: 'unknown',
  };
  return visibility[article.status];
}

/** Why a reader cannot have the article named `idOrSlug`, or undefined when they can. */
export function notReadable(article: ArticleStanding | null, idOrSlug: string): Refusal | undefined {
  switch (visibilityOf(article)) {
    case 'public':
      return undefined;
    case 'withdrawn':
      return new Refusal('article-withdrawn', 'gone', 'The article was withdrawn', `article "${idOrSlug}" was withdrawn by the newsroom`);
    case 'gone':
      return new Refusal('article-gone', 'gone', 'The article is gone', `article "${idOrSlug}" is no longer available`);
    case 'unknown':
      return noSuchStory(`no published article "${idOrSlug}"`);
  }
}

/** A readable article without that version: one to come, one never made, or one not public. */
export function noSuchVersion(idOrSlug: string, number: number, current: number): Refusal {
  return new Refusal('no-such-version', 'not-found', 'No such version', `article "${idOrSlug}" has no version ${number}`, {
    currentVersion: current,
  });
}
