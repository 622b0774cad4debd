import { randomUUID } from 'node:crypto';
import { ninjsProblems, Topics } from '@newsroom/contracts';
import { startServiceApp } from '@newsroom/platform';
import { approvalEvent, NBSP, storyContent } from '@newsroom/test-factories';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { publicationService } from '../apps/publication/src/publication.service';
import { ArticleRows, StoredArticle } from './support/article-rows';
import { closeProducer, produce } from './support/kafka-tap';
import { call, Reply, TEST_JWT_SECRET } from './support/newsroom-stack';
import { eventually, testConfig } from './support/test-env';

const PUBLIC_URL = 'https://news.example.org';

describe('reading: the public read API of published articles', () => {
  let app: NestFastifyApplication;
  let url: string;
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  const rows = new ArticleRows(db);
  // Sections and tags of this run only: the test database is shared with every other suite.
  const run = randomUUID().slice(0, 8);

  beforeAll(async () => {
    await db.connect();
    const config = testConfig(publicationService, { NEWSROOM_JWT_SECRET: TEST_JWT_SECRET, NEWSROOM_PUBLIC_URL: `${PUBLIC_URL}/` });
    app = await startServiceApp(publicationService, config);
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await closeProducer();
    await rows.removeAll();
    await db.end();
  });

  const get = (path: string, headers: Record<string, string> = {}) => call('GET', `${url}${path}`, { headers });
  const expectProblem = (reply: Reply, status: number) => {
    expect(reply.status).toBe(status);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.body.status).toBe(status);
  };
  const uris = (reply: Reply) => (reply.body.items as { uri: string }[]).map((item) => item.uri);
  const uriOf = (article: StoredArticle) => `urn:newsroom:article:${article.id}`;

  describe('one article', () => {
    it('serves a published article by id and by slug, with its version as ETag and a short Cache-Control', async () => {
      const article = await rows.insert({ versions: 2, corrections: ['Correction : le texte a été adopté le 3 mars, et non le 3 mai.'] });
      const byId = await get(`/v1/articles/${article.id}`);
      const bySlug = await get(`/v1/articles/${article.slug}`);

      expect(byId.status).toBe(200);
      expect(byId.body).toEqual(article.versions[1]);
      expect(bySlug.body).toEqual(byId.body);
      expect(ninjsProblems(byId.body)).toEqual([]);
      expect(byId.body.descriptions).toContainEqual({
        role: 'correction',
        contentType: 'text/plain',
        value: 'Correction : le texte a été adopté le 3 mars, et non le 3 mai.',
      });
      for (const reply of [byId, bySlug]) {
        expect(reply.headers.get('etag')).toBe('"2"');
        expect(reply.headers.get('cache-control')).toBe('public, max-age=60, must-revalidate');
      }
    });

    it('answers 304 without a body to a reader holding the current version, and 200 once it has moved on', async () => {
      const article = await rows.insert();
      const path = `/v1/articles/${article.id}`;
      const fresh = await fetch(`${url}${path}`, { headers: { 'if-none-match': 'W/"1"' } });
      expect(fresh.status).toBe(304);
      expect(await fresh.text()).toBe('');
      expect(fresh.headers.get('etag')).toBe('"1"');
      expect(fresh.headers.get('cache-control')).toBe('public, max-age=60, must-revalidate');

      const republished = await rows.republish(article);
      const moved = await get(path, { 'if-none-match': '"1"' });
      expect(moved.status).toBe(200);
      expect(moved.headers.get('etag')).toBe('"2"');
      expect(moved.body).toEqual(republished);
    });

    it('answers a scheduled article exactly as one that does not exist, so that no embargoed story leaks', async () => {
      const embargoed = await rows.insert({ status: 'scheduled', publishedAt: new Date(Date.now() + 3_600_000) });
      const madeUp = randomUUID();
      for (const path of ['/v1/articles/:id', '/v1/articles/:id/versions', '/v1/articles/:id/versions/1']) {
        const [hidden, unknown] = await Promise.all([get(path.replace(':id', embargoed.id)), get(path.replace(':id', madeUp))]);
        expectProblem(hidden, 404);
        expect(JSON.stringify(hidden.body).replaceAll(embargoed.id, '<id>')).toBe(JSON.stringify(unknown.body).replaceAll(madeUp, '<id>'));
        expect(hidden.headers.get('cache-control')).toBe('no-store');
      }
      const bySlug = await get(`/v1/articles/${embargoed.slug}`);
      expectProblem(bySlug, 404);
      expect(JSON.stringify(bySlug.body)).not.toContain(embargoed.content.headline);
    });

    it('answers 410 once unpublished (saying it was withdrawn) or killed (saying nothing of it), with none of its content', async () => {
      const unpublished = await rows.insert({ status: 'unpublished', versions: 2 });
      const killed = await rows.insert({ status: 'killed', versions: 2 });
      for (const [article, type, detail] of [
        [unpublished, 'article-withdrawn', /was withdrawn/],
        [killed, 'article-gone', /is no longer available/],
      ] as const) {
        for (const path of [`/v1/articles/${article.id}`, `/v1/articles/${article.slug}`, `/v1/articles/${article.id}/versions`]) {
          const gone = await get(path);
          expectProblem(gone, 410);
          expect(gone.body).toMatchObject({ type: `https://newsroom.example/problems/${type}`, detail: expect.stringMatching(detail) });
          expect(gone.headers.get('cache-control')).toBe('no-store');
          expect(gone.headers.get('etag')).toBeNull();
          const text = JSON.stringify(gone.body);
          for (const leaked of [
            article.content.headline,
            article.content.standfirst!,
            article.content.byline.name,
            'Vérifications',
            'justice',
          ])
            expect(text).not.toContain(leaked);
        }
        for (const n of [1, 2]) expectProblem(await get(`/v1/articles/${article.id}/versions/${n}`), 410);
      }
    });

    it('has an unpublished article back once it is republished', async () => {
      const article = await rows.insert({ status: 'unpublished' });
      expectProblem(await get(`/v1/articles/${article.id}`), 410);
      await rows.republish(article);
      const back = await get(`/v1/articles/${article.id}`);
      expect(back.status).toBe(200);
      expect(back.body.version).toBe('2');
    });
  });

  describe('versions', () => {
    it('lists the versions readers had, oldest first, each with when, what made it and its link, and serves each', async () => {
      const article = await rows.insert({ versions: 3, actions: ['update', 'correct'] });
      const list = await get(`/v1/articles/${article.slug}/versions`);
      expect(list.status).toBe(200);
      expect(list.body).toEqual({
        items: article.versions.map((document, index) => ({
          number: index + 1,
          versionCreated: document.versionCreated,
          action: ['publish', 'update', 'correct'][index],
          url: `${PUBLIC_URL}/v1/articles/${article.slug}/versions/${index + 1}`,
        })),
      });
      expect(list.headers.get('cache-control')).toBe('public, max-age=120, must-revalidate');
      const listTag = list.headers.get('etag')!;
      expect(listTag).toMatch(/^"[\w-]+"$/);
      expect((await get(`/v1/articles/${article.id}/versions`, { 'if-none-match': listTag })).status).toBe(304);

      for (const [index, document] of article.versions.entries()) {
        const version = await get(`/v1/articles/${article.id}/versions/${index + 1}`);
        expect(version.status).toBe(200);
        expect(version.body).toEqual(document);
        expect(version.headers.get('etag')).toBe(`"${index + 1}"`);
        expect(version.headers.get('cache-control')).toBe('public, max-age=120, must-revalidate');
      }
      expect(article.versions[0].headlines[0].value).not.toBe(article.versions[2].headlines[0].value);
      const cached = await fetch(`${url}/v1/articles/${article.id}/versions/2`, { headers: { 'if-none-match': '"2"' } });
      expect([cached.status, await cached.text()]).toEqual([304, '']);
    });

    it('adds a republished version to the list and changes its ETag', async () => {
      const article = await rows.insert();
      const before = await get(`/v1/articles/${article.id}/versions`);
      await rows.unpublish(article);
      await rows.republish(article);
      const after = await get(`/v1/articles/${article.id}/versions`, { 'if-none-match': before.headers.get('etag')! });
      expect(after.status).toBe(200);
      expect(after.body.items.map((item: { number: number; action: string }) => [item.number, item.action])).toEqual([
        [1, 'publish'],
        [2, 'republish'],
      ]);
    });

    it('answers 404 for a version that does not exist yet, and 400 naming n for anything but a version number', async () => {
      const article = await rows.insert({ versions: 2 });
      const missing = await get(`/v1/articles/${article.id}/versions/3`);
      expectProblem(missing, 404);
      expect(missing.body).toMatchObject({ type: 'https://newsroom.example/problems/no-such-version', currentVersion: 2 });
      expectProblem(await get(`/v1/articles/${article.id}/versions/2147483647`), 404);
      for (const n of ['0', '-1', '01', '1e3', '1.0', '0x10', '%201', 'deux', '2147483648', '99999999999999999999']) {
        const refused = await get(`/v1/articles/${article.id}/versions/${n}`);
        expectProblem(refused, 400);
        expect(refused.body.errors).toEqual([{ field: 'n', message: expect.any(String) }]);
      }
    });
  });

  describe('the list', () => {
    it('lists only published articles, newest first by when each was first public, page by page', async () => {
      const section = `Économie ${run}`;
      const start = Date.now() - 3_600_000;
      const at = (minutes: number) => new Date(start + minutes * 60_000);
      // Inserted out of order: the list's order is the time each was first made public.
      const published: { minute: number; article: StoredArticle }[] = [];
      for (const minute of [3, 1, 5, 2, 4])
        published.push({ minute, article: await rows.insert({ content: { section }, publishedAt: at(minute) }) });
      // An update (version 3, made later) does not move an article up.
      published.push({ minute: 0, article: await rows.insert({ content: { section }, publishedAt: at(0), versions: 3 }) });
      for (const status of ['scheduled', 'unpublished', 'killed'] as const)
        await rows.insert({ status, content: { section }, publishedAt: at(6) });

      const newestFirst = [...published].sort((a, b) => b.minute - a.minute).map(({ article }) => uriOf(article));
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Reply = await get(`/v1/articles?section=${encodeURIComponent(section)}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        expect(page.headers.get('cache-control')).toBe('public, max-age=30, must-revalidate');
        seen.push(...uris(page));
        cursor = page.body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(seen).toEqual(newestFirst);
      expect(pages).toBe(3);
    });

    it('narrows to a tag, a language (in any case) and a section, alone or together', async () => {
      const [section, other, tag] = [`Politique ${run}`, `Sport ${run}`, `Réforme des retraites ${run}`];
      const frTagged = await rows.insert({ content: { section, tags: [tag, 'Assemblée nationale'] } });
      const brTagged = await rows.insert({ content: { section: other, tags: [tag], language: 'pt-BR' } });
      const frUntagged = await rows.insert({ content: { section, tags: [] } });
      await rows.insert({ status: 'unpublished', content: { section, tags: [tag] } });
      const list = async (query: string) => {
        const reply = await get(`/v1/articles?${query}&limit=100`);
        expect(reply.status).toBe(200);
        return uris(reply);
      };
      const q = encodeURIComponent;

      expect(await list(`tag=${q(tag)}`)).toEqual([uriOf(brTagged), uriOf(frTagged)]);
      expect(await list(`section=${q(section)}`)).toEqual([uriOf(frUntagged), uriOf(frTagged)]);
      expect(await list(`section=${q(section)}&tag=${q(tag)}`)).toEqual([uriOf(frTagged)]);
      expect(await list(`tag=${q(tag)}&language=pt-br`)).toEqual([uriOf(brTagged)]);
      expect(await list(`tag=${q(tag)}&language=FR`)).toEqual([uriOf(frTagged)]);
      expect(await list(`tag=${q(tag.toUpperCase())}`)).toEqual([]);
      // Read as the door stored it: NFC and trimmed, whatever form the reader's client sends.
      expect(await list(`tag=${q(` ${tag.normalize('NFD')} `)}`)).toEqual([uriOf(brTagged), uriOf(frTagged)]);
    });

    it('gives each page an ETag that answers 304 until an article on it changes or leaves', async () => {
      const section = `Culture ${run}`;
      const [older, newer] = [await rows.insert({ content: { section } }), await rows.insert({ content: { section } })];
      const path = `/v1/articles?section=${encodeURIComponent(section)}`;
      const first = await get(path);
      expect(uris(first)).toEqual([uriOf(newer), uriOf(older)]);
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^"[\w-]+"$/);

      const same = await fetch(`${url}${path}`, { headers: { 'if-none-match': etag } });
      expect([same.status, await same.text(), same.headers.get('etag')]).toEqual([304, '', etag]);

      await rows.unpublish(older);
      const changed = await get(path, { 'if-none-match': etag });
      expect(changed.status).toBe(200);
      expect(uris(changed)).toEqual([uriOf(newer)]);
      expect(changed.headers.get('etag')).not.toBe(etag);
    });

    it('answers 400 problem+json naming the parameter for a filter out of bounds', async () => {
      const cases: [string, string][] = [
        [`section=${'é'.repeat(101)}`, 'section'],
        ['section=', 'section'],
        ['section=%20%20', 'section'],
        ['section=%C3%89co%01nomie', 'section'],
        ['section=a&section=b', 'section'],
        [`tag=${'x'.repeat(101)}`, 'tag'],
        ['tag=%E2%80%AEevil', 'tag'],
        ['language=french', 'language'],
        [`language=fr-${'a'.repeat(40)}`, 'language'],
        ['language=', 'language'],
        ['limit=0', 'limit'],
        ['limit=101', 'limit'],
        ['cursor=bm9wZQ', 'cursor'],
      ];
      for (const [query, field] of cases) {
        const refused = await get(`/v1/articles?${query}`);
        expectProblem(refused, 400);
        expect({ query, fields: refused.body.errors.map((error: { field: string }) => error.field) }).toEqual({ query, fields: [field] });
      }
    });
  });

  it('reads an article published the real way, approve to publish, in the list, its versions and by section', async () => {
    const storyId = randomUUID();
    const section = `Société ${run}`;
    const content = storyContent({ section, slug: `greve-${storyId.slice(0, 8)}`, headline: `«${NBSP}Grève${NBSP}» : l’appel est lancé` });
    await produce(Topics.reviews, approvalEvent(storyId, { content }));
    const read = await eventually(async () => {
      const reply = await get(`/v1/articles/${content.slug}`);
      return reply.status === 200 ? reply : undefined;
    });
    expect(read?.body.headlines[0].value).toBe(content.headline);
    expect(uris(await get(`/v1/articles?section=${encodeURIComponent(section)}`))).toEqual([`urn:newsroom:article:${storyId}`]);
    const versions = await get(`/v1/articles/${storyId}/versions`);
    expect(versions.body.items).toEqual([
      {
        number: 1,
        versionCreated: read?.body.versionCreated,
        action: 'publish',
        url: `${PUBLIC_URL}/v1/articles/${content.slug}/versions/1`,
      },
    ]);
    expect((await get(`/v1/articles/${storyId}/versions/1`)).body).toEqual(read?.body);
  });
});
