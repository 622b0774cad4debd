import { randomUUID } from 'node:crypto';
import { StoryContent, StoryLimits, plainTextField, Topics } from '@newsroom/contracts';
import { startServiceApp } from '@newsroom/platform';
import { approvalEvent, NBSP, NNBSP, storyContent } from '@newsroom/test-factories';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parseFeed } from '@rowanmanning/feed-parser';
import { Client } from 'pg';
import { publicationService } from '../apps/publication/src/publication.service';
import { scriptIn } from './properties/html-safety';
import { XSS_CORPUS } from './properties/xss-corpus';
import { ArticleRows, StoredArticle } from './support/article-rows';
import { asBrowserReads, jsonFeedProblems, textOf, xmlElementNames, xmlProblems, xmlTree } from './support/feed-checks';
import { closeProducer, produce } from './support/kafka-tap';
import { call, TEST_JWT_SECRET } from './support/newsroom-stack';
import { eventually, testConfig } from './support/test-env';

const PUBLIC_URL = 'https://news.example.org';
const FEEDS = {
  rss: { path: '/v1/feeds/rss.xml', type: 'application/rss+xml; charset=utf-8' },
  atom: { path: '/v1/feeds/atom.xml', type: 'application/atom+xml; charset=utf-8' },
  json: { path: '/v1/feeds/feed.json', type: 'application/feed+json; charset=utf-8' },
} as const;
type Format = keyof typeof FEEDS;
const FORMATS = Object.keys(FEEDS) as Format[];
// What the feeds write as XML elements; a vector that made an element of its own would show here.
const RSS_ELEMENTS = ['rss', 'channel', 'title', 'link', 'description', 'lastBuildDate', 'docs', 'generator', 'atom:link', 'item', 'guid'];
const RSS_ITEM_ELEMENTS = ['pubDate', 'content:encoded', 'category', 'dc:creator'];
const ATOM_ELEMENTS = ['feed', 'id', 'title', 'updated', 'generator', 'author', 'name', 'link', 'subtitle', 'entry', 'summary'];
const ATOM_ENTRY_ELEMENTS = ['content', 'published', 'category'];

interface Fetched {
  status: number;
  headers: Headers;
  text: string;
  bytes: Buffer;
}

describe('feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the latest published articles', () => {
  let app: NestFastifyApplication;
  let url: string;
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  const rows = new ArticleRows(db);
  const run = randomUUID().slice(0, 8);

  beforeAll(async () => {
    await db.connect();
    const config = testConfig(publicationService, {
      NEWSROOM_JWT_SECRET: TEST_JWT_SECRET,
      NEWSROOM_PUBLIC_URL: PUBLIC_URL,
      NEWSROOM_FEED_TITLE: 'Le Quotidien',
    });
    app = await startServiceApp(publicationService, config);
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await closeProducer();
    await rows.removeAll();
    await db.end();
  });

  const fetchFeed = async (format: Format, section?: string, headers: Record<string, string> = {}): Promise<Fetched> => {
    const query = section === undefined ? '' : `?section=${encodeURIComponent(section)}`;
    const response = await fetch(`${url}${FEEDS[format].path}${query}`, { headers });
    const bytes = Buffer.from(await response.arrayBuffer());
    return { status: response.status, headers: response.headers, text: bytes.toString('utf8'), bytes };
  };
  const feedOf = async (format: Format, section?: string) => {
    const fetched = await fetchFeed(format, section);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe(FEEDS[format].type);
    if (format !== 'json') expect(xmlProblems(fetched.text)).toBeUndefined();
    return fetched;
  };
  /** The story ids a feed holds, in its order. */
  const idsIn = (format: Format, text: string): string[] =>
    format === 'json' ? JSON.parse(text).items.map((item: { id: string }) => item.id) : parseFeed(text).items.map((item) => item.id!);
  const uriOf = (article: { id: string }) => `urn:newsroom:article:${article.id}`;
  const articleUrl = (slug: string) => `${PUBLIC_URL}/v1/articles/${slug}`;
  const bytes = (text: string | null | undefined) => Buffer.from(text ?? '', 'utf8');

  it('writes each feed valid to its format, French text intact byte for byte, as independent parsers read it back', async () => {
    const section = `Économie ${run}`;
    const tags = ['retraites', `Assemblée nationale ${run}`];
    const content = (n: number): Partial<StoryContent> => ({
      headline: `«${NBSP}Nous ne reculerons pas${NBSP}»${NBSP}: l’exécutif tient bon sur les retraites${NNBSP}! (${n})`,
      standfirst: `À l’Assemblée, la Première ministre a défendu «${NBSP}un texte d’équilibre${NBSP}»${NBSP}; l’opposition dénonce un passage en force.`,
      body: `<p>«${NBSP}Nous ne reculerons pas${NBSP}», a lancé la Première ministre.</p>\n<p>ÉTAT DES LIEUX. Ça reste flou${NNBSP}: 64${NBSP}ans d’ici 2030.</p>`,
      section,
      tags,
      byline: { name: 'Élodie Lefèvre-Côté' },
    });
    const start = Date.now() - 600_000;
    const older = await rows.insert({ content: content(1), publishedAt: new Date(start) });
    const newer = await rows.insert({ content: content(2), publishedAt: new Date(start + 60_000), versions: 2 });
    // And one the real way, approved and published by the consumer.
    const storyId = randomUUID();
    const approved = storyContent({ ...content(3), slug: `retraites-${storyId.slice(0, 8)}` });
    await produce(Topics.reviews, approvalEvent(storyId, { content: approved }));
    const live = await eventually(async () => {
      const reply = await call('GET', `${url}/v1/articles/${storyId}`);
      return reply.status === 200 ? reply.body : undefined;
    });
    expect(live).toBeDefined();
    const expected = [
      {
        id: storyId,
        slug: approved.slug,
        content: approved,
        published: new Date(live.firstCreated),
        updated: new Date(live.versionCreated),
      },
      ...[newer, older].map((article: StoredArticle) => ({
        id: article.id,
        slug: article.slug,
        content: article.content,
        published: new Date(article.versions[0].firstCreated),
        updated: new Date(article.versions[article.versions.length - 1].versionCreated),
      })),
    ];
    const seconds = (date: Date | null | undefined) => Math.floor((date?.getTime() ?? 0) / 1000);

    for (const format of ['rss', 'atom'] as const) {
      const { text, bytes: raw } = await feedOf(format, section);
      // Non-ASCII letters go out as UTF-8, not as character references.
      expect(raw.includes(bytes(expected[0].content.headline))).toBe(true);
      expect(text).not.toMatch(/&#\d+;|&#x/i);
      const feed = parseFeed(text);
      expect(feed.meta).toEqual({ type: format, version: format === 'rss' ? '2.0' : '1.0' });
      expect(feed.title).toBe(`Le Quotidien — ${section}`);
      expect(feed.items.map((item) => item.id)).toEqual(expected.map(uriOf));
      for (const [index, item] of feed.items.entries()) {
        const { content: story, slug, published, updated } = expected[index];
        expect(bytes(item.title)).toEqual(bytes(story.headline));
        expect(bytes(item.description)).toEqual(bytes(story.standfirst));
        expect(bytes(item.content)).toEqual(bytes(story.body));
        expect(item.url).toBe(articleUrl(slug));
        expect(item.authors.map((author) => author.name)).toEqual([story.byline.name]);
        expect(item.categories.map((category) => category.term)).toEqual([section, ...tags]);
        expect(seconds(item.published)).toBe(seconds(published));
        if (format === 'atom') expect(item.updated?.getTime()).toBe(updated.getTime());
      }
    }

    // The section as a client may send it, decomposed: the same feed.
    expect(idsIn('rss', (await feedOf('rss', section.normalize('NFD'))).text)).toEqual(expected.map(uriOf));

    const { text, bytes: raw } = await feedOf('json', section);
    expect(raw.includes(bytes(expected[0].content.standfirst))).toBe(true);
    const feed = JSON.parse(text);
    expect(jsonFeedProblems(feed)).toEqual([]);
    expect(feed).toMatchObject({
      title: `Le Quotidien — ${section}`,
      home_page_url: `${PUBLIC_URL}/v1/articles?section=${encodeURIComponent(section).replaceAll('%20', '+')}`,
      feed_url: `${PUBLIC_URL}/v1/feeds/feed.json?section=${encodeURIComponent(section).replaceAll('%20', '+')}`,
    });
    expect(feed.items).toEqual(
      expected.map(({ id, slug, content: story, published, updated }) => ({
        id: uriOf({ id }),
        url: articleUrl(slug),
        title: story.headline,
        summary: story.standfirst,
        content_html: story.body,
        date_published: published.toISOString(),
        date_modified: updated.toISOString(),
        authors: [{ name: story.byline.name }],
        tags: [section, ...tags],
        language: 'fr',
      })),
    );
  });

  it('holds the latest 50 published articles, newest first by when each was first public', async () => {
    const section = `Sport ${run}`;
    const start = Date.now() - 7_200_000;
    const articles: StoredArticle[] = [];
    for (let n = 0; n < 52; n++) articles.push(await rows.insert({ content: { section }, publishedAt: new Date(start + n * 1000) }));
    await rows.insert({ status: 'scheduled', content: { section }, publishedAt: new Date(Date.now() + 600_000) });
    const newestFirst = [...articles].reverse().slice(0, 50).map(uriOf);
    for (const format of FORMATS) expect(idsIn(format, (await feedOf(format, section)).text)).toEqual(newestFirst);

    // Without a section: every section's latest 50, newest first.
    const all = parseFeed((await feedOf('rss')).text).items;
    expect(all.length).toBeLessThanOrEqual(50);
    const times = all.map((item) => item.published!.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('drops an article from every feed once it is unpublished or killed, and the feeds’ ETags move', async () => {
    const section = `Justice ${run}`;
    // Dated ahead, so that they stay among the latest 50 of every section whatever other suites publish meanwhile.
    const ahead = (minutes: number) => new Date(Date.now() + 86_400_000 + minutes * 60_000);
    const [kept, unpublished, killed] = [
      await rows.insert({ content: { section }, publishedAt: ahead(0) }),
      await rows.insert({ content: { section }, publishedAt: ahead(1) }),
      await rows.insert({ content: { section }, publishedAt: ahead(2) }),
    ];
    const scopes = [section, undefined];
    const before = new Map<string, string>();
    for (const format of FORMATS)
      for (const scope of scopes) {
        const fetched = await feedOf(format, scope);
        expect(idsIn(format, fetched.text).slice(0, 3)).toEqual([killed, unpublished, kept].map(uriOf));
        before.set(`${format} ${scope}`, fetched.headers.get('etag')!);
      }

    await rows.unpublish(unpublished);
    await rows.kill(killed);
    for (const format of FORMATS)
      for (const scope of scopes) {
        const fetched = await fetchFeed(format, scope, { 'if-none-match': before.get(`${format} ${scope}`)! });
        expect(fetched.status).toBe(200);
        const ids = idsIn(format, fetched.text);
        expect(ids).toContain(uriOf(kept));
        expect(ids).not.toContain(uriOf(unpublished));
        expect(ids).not.toContain(uriOf(killed));
        for (const gone of [unpublished, killed]) expect(fetched.text).not.toContain(gone.slug);
      }
  });

  it('gives every feed an ETag that answers 304 with no body while nothing in it changed, and a short Cache-Control', async () => {
    const section = `Météo ${run}`;
    const article = await rows.insert({ content: { section } });
    for (const format of FORMATS) {
      const first = await feedOf(format, section);
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(first.headers.get('cache-control')).toBe('public, max-age=60, must-revalidate');
      const again = await fetchFeed(format, section);
      expect([again.headers.get('etag'), again.text]).toEqual([etag, first.text]);

      const cached = await fetchFeed(format, section, { 'if-none-match': `W/"other", ${etag}` });
      expect([cached.status, cached.text, cached.headers.get('etag')]).toEqual([304, '', etag]);
      expect(cached.headers.get('cache-control')).toBe('public, max-age=60, must-revalidate');
      // Another format or section of the same articles is another feed.
      expect((await fetchFeed(format === 'rss' ? 'atom' : 'rss', section, { 'if-none-match': etag })).status).toBe(200);
    }
    await rows.unpublish(article);
    await rows.republish(article);
    for (const format of FORMATS) {
      const moved = await fetchFeed(format, section);
      expect(moved.status).toBe(200);
      expect(idsIn(format, moved.text)).toEqual([uriOf(article)]);
    }
  });

  it('answers 400 problem+json naming section for a section out of bounds', async () => {
    for (const section of ['', 'é'.repeat(StoryLimits.section + 1), 'Éco\u0001nomie', 'a\u202eb']) {
      for (const format of FORMATS) {
        const refused = await fetchFeed(format, section);
        expect(refused.status).toBe(400);
        expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(refused.text).errors.map((error: { field: string }) => error.field)).toEqual(['section']);
      }
    }
    const twice = await fetch(`${url}/v1/feeds/rss.xml?section=a&section=b`);
    expect(twice.status).toBe(400);
  });

  it('writes the XSS corpus in headline, standfirst, byline, tags and section escaped in every feed, as text', async () => {
    const accepts =
      (max: number, multiline = false) =>
      (value: string) =>
        plainTextField(max, { multiline }).safeParse(value).success;
    const [headline, standfirst, byline, tag] = [
      accepts(StoryLimits.headline),
      accepts(StoryLimits.standfirst, true),
      accepts(StoryLimits.bylineName),
      accepts(StoryLimits.tag),
    ];
    const fallbackSection = `XSS ${run}`;
    const mine = new Map<string, StoredArticle>();
    // And text that only looks escaped already: it must come out as written, not decoded once more.
    const vectors = [...XSS_CORPUS, 'Dupont &amp; Fils', '&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;'];
    for (const [n, vector] of vectors.entries()) {
      const article = await rows.insert({
        content: {
          // Only what the door would let in: a vector that a field refuses never reaches the store.
          headline: headline(vector) ? vector : `Titre ${n}`,
          standfirst: standfirst(vector) ? vector : `Chapô ${n}`,
          byline: { name: byline(vector) ? vector : `Auteur ${n}` },
          tags: tag(vector) ? [vector, `tag ${n}`] : [`tag ${n}`],
          section: tag(vector) ? vector : fallbackSection,
          body: `<p>Texte ${n}</p>`,
        },
      });
      mine.set(uriOf(article), article);
    }
    const sections = [...new Set([...mine.values()].map((article) => article.content.section!))];
    expect(sections.length).toBeGreaterThan(20);
    let checked = 0;

    for (const section of sections) {
      const expectedIn = [...mine.values()].filter((article) => article.content.section === section);
      const rss = await feedOf('rss', section);
      const atom = await feedOf('atom', section);
      const json = await feedOf('json', section);

      // No element but the format's own outside CDATA: nothing broke out of its text.
      expect([...xmlElementNames(rss.text)].filter((name) => ![...RSS_ELEMENTS, ...RSS_ITEM_ELEMENTS].includes(name))).toEqual([]);
      expect([...xmlElementNames(atom.text)].filter((name) => ![...ATOM_ELEMENTS, ...ATOM_ENTRY_ELEMENTS].includes(name))).toEqual([]);

      const channel = xmlTree(rss.text).rss.channel;
      expect(textOf(channel.title)).toBe(`Le Quotidien — ${section}`);
      for (const item of channel.item ?? []) {
        const title = asBrowserReads(textOf(item.title));
        const description = asBrowserReads(textOf(item.description));
        expect([title.elements, description.elements, scriptIn(textOf(item['content:encoded']))]).toEqual([[], [], []]);
        const article = mine.get(textOf(item.guid));
        if (!article) continue;
        const { content } = article;
        expect([title.text, description.text]).toEqual([content.headline, content.standfirst]);
        expect(item['dc:creator'].map(textOf)).toEqual([content.byline.name]);
        expect(item.category.map(textOf)).toEqual([content.section, ...content.tags]);
        checked++;
      }

      const feed = xmlTree(atom.text).feed;
      expect(textOf(feed.title)).toBe(`Le Quotidien — ${section}`);
      for (const entry of feed.entry ?? []) {
        const title = asBrowserReads(textOf(entry.title));
        const summary = asBrowserReads(textOf(entry.summary));
        expect([title.elements, summary.elements, scriptIn(textOf(entry.content))]).toEqual([[], [], []]);
        const article = mine.get(textOf(entry.id));
        if (!article) continue;
        const { content } = article;
        expect([title.text, summary.text]).toEqual([content.headline, content.standfirst]);
        expect(entry.author.map((author: { name: unknown }) => textOf(author.name))).toEqual([content.byline.name]);
        const categories = [content.section, ...content.tags];
        expect(entry.category.map((category: Record<string, string>) => [category['@term'], category['@label']])).toEqual(
          categories.map((name) => [name, name]),
        );
        checked++;
      }
      // An independent reader finds the same headlines.
      const parsed = parseFeed(atom.text).items.filter((item) => mine.has(item.id!));
      expect(parsed.map((item) => item.title)).toEqual(expectedIn.reverse().map((article) => article.content.headline));

      const jsonFeed = JSON.parse(json.text);
      expect(jsonFeedProblems(jsonFeed)).toEqual([]);
      expect(jsonFeed.title).toBe(`Le Quotidien — ${section}`);
      for (const item of jsonFeed.items) {
        expect(scriptIn(item.content_html)).toEqual([]);
        const article = mine.get(item.id);
        if (!article) continue;
        const { content } = article;
        expect(item).toMatchObject({
          title: content.headline,
          summary: content.standfirst,
          authors: [{ name: content.byline.name }],
          tags: [content.section, ...content.tags],
        });
        checked++;
      }
    }
    expect(checked).toBe(3 * mine.size);
  });
});
