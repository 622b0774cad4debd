import { ArticleStatus } from '@newsroom/contracts';
import { notReadable, visibilityOf } from './article-visibility';

const at = new Date('2026-12-01T06:00:00.000Z');

describe(visibilityOf.name, () => {
  it.each<[ArticleStatus, Date | null, string]>([
    ['published', at, 'public'],
    ['unpublished', at, 'withdrawn'],
    ['killed', at, 'gone'],
    ['scheduled', null, 'unknown'],
    // Killed under embargo: it was never public, so readers must not learn that it existed.
    ['killed', null, 'unknown'],
  ])('%s, first public at %s: %s', (status, publishedAt, expected) => {
    expect(visibilityOf({ status, publishedAt })).toBe(expected);
  });

  it('knows nothing of a story without an article', () => {
    expect(visibilityOf(null)).toBe('unknown');
  });
});

describe(notReadable.name, () => {
  it('lets a published article through', () => {
    expect(notReadable({ status: 'published', publishedAt: at }, 'retraites')).toBeUndefined();
  });

  it('answers an embargoed story exactly as a story that does not exist', () => {
    const embargoed = notReadable({ status: 'scheduled', publishedAt: null }, 'retraites');
    const none = notReadable(null, 'retraites');
    expect(embargoed).toEqual(none);
    expect(embargoed).toMatchObject({ code: 'no-such-story', grounds: 'not-found' });
  });

  it('says a withdrawn article was withdrawn, and of a killed one only that it is gone', () => {
    expect(notReadable({ status: 'unpublished', publishedAt: at }, 'retraites')).toMatchObject({
      code: 'article-withdrawn',
      grounds: 'gone',
      message: 'article "retraites" was withdrawn by the newsroom',
    });
    expect(notReadable({ status: 'killed', publishedAt: at }, 'retraites')).toMatchObject({
      code: 'article-gone',
      grounds: 'gone',
      message: 'article "retraites" is no longer available',
    });
  });
});
