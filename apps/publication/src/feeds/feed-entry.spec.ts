import { articleUri, NinjsDocument, StoryContent, toNinjsArticle } from '@newsroom/contracts';
import { storyContent } from '@newsroom/test-factories';
import { FEED_BODY_BUDGET, feedEntries } from './feed-entry';

const documentWith = (n: number, body: string, overrides: Partial<StoryContent> = {}): NinjsDocument =>
  toNinjsArticle({
    storyId: `00000000-0000-4000-8000-00000000000${n}`,
    number: 2,
    content: storyContent({ body, headline: `Titre ${n} <b>`, ...overrides }),
    author: { id: 'journalist-1', name: 'Élodie Lefèvre' },
    submittedAt: '2026-12-01T05:00:00.000Z',
    firstCreated: '2026-12-01T06:00:00.000Z',
    versionCreated: '2026-12-01T07:30:00.000Z',
  });

describe(feedEntries.name, () => {
  const publishedAt = new Date('2026-12-01T06:00:00.000Z');
  const url = (slug: string) => `https://news.example.org/v1/articles/${slug}`;

  it('takes what each format needs from the current document, texts as stored', () => {
    const [entry] = feedEntries([{ slug: 'retraites', publishedAt, document: documentWith(1, '<p>«\u00a0Corps\u00a0»</p>') }], url);
    expect(entry).toEqual({
      id: articleUri('00000000-0000-4000-8000-000000000001'),
      url: 'https://news.example.org/v1/articles/retraites',
      headline: 'Titre 1 <b>',
      standfirst: storyContent().standfirst,
      byline: 'Élodie Lefèvre',
      language: 'fr',
      categories: ['Économie', 'retraites', 'Assemblée nationale'],
      content: '<p>«\u00a0Corps\u00a0»</p>',
      published: publishedAt,
      updated: new Date('2026-12-01T07:30:00.000Z'),
    });
  });

  it('gives the newest their bodies within the budget, and the others their standfirst (or headline) as escaped HTML', () => {
    const long = `<p>${'x'.repeat(FEED_BODY_BUDGET - 100)}</p>`;
    const entries = feedEntries(
      [
        { slug: 'a', publishedAt, document: documentWith(1, long) },
        { slug: 'b', publishedAt, document: documentWith(2, '<p>trop</p>'.repeat(20), { standfirst: 'Chapô <i>' }) },
        { slug: 'c', publishedAt, document: documentWith(3, '<p>court</p>') },
        { slug: 'd', publishedAt, document: documentWith(4, '<p>encore trop long</p>'.repeat(10), { standfirst: undefined }) },
      ],
      url,
    );
    expect(entries.map((entry) => entry.content)).toEqual([long, '<p>Chapô &lt;i&gt;</p>', '<p>court</p>', '<p>Titre 4 &lt;b&gt;</p>']);
  });
});
