import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ninjsProblems } from '@newsroom/contracts';
import { frenchEntry, rssFeed } from '@newsroom/test-factories';
import { Pool } from 'pg';
import { header, TopicTap } from '../support/kafka-tap';
import { call, NewsroomStack, tokenFor } from '../support/newsroom-stack';
import { killLeftoverServices } from '../support/service-process';
import { eventually } from '../support/test-env';

describe('a wire item from a polled feed to the public topic, its source credited', () => {
  let stack: NewsroomStack;
  let articles: TopicTap;
  let feed: Server;
  let feedUrl: string;
  const db = new Pool({ connectionString: process.env.DATABASE_URL, max: 1 });

  beforeAll(async () => {
    articles = await TopicTap.open('newsroom.articles.v1');
    const body = rssFeed([frenchEntry(7)]);
    feed = createServer((_, response) => response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body));
    await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
    feedUrl = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/rss`;
    stack = await NewsroomStack.start({ WIRE_POLL_TICK_MS: '200' });
  });

  afterAll(async () => {
    await stack?.stop();
    await articles?.close();
    feed?.closeAllConnections();
    await new Promise((resolve) => feed?.close(resolve));
    await db.end();
    killLeftoverServices();
  });

  it('is polled, reviewed with its origin shown, approved and published with infoSources', async () => {
    const run = randomUUID().slice(0, 8);
    const admin = await tokenFor(`admin-${run}`, 'Ada Admin', ['admin']);
    const editor = await tokenFor(`ed-${run}`, 'Edith Roux', ['editor']);
    const { ingestion, editorial } = stack.urls;
    const name = `agence-${run}`;
    const entry = frenchEntry(7);

    expect(
      (await call('POST', `${ingestion}/v1/wires`, { token: admin, body: { name, url: feedUrl, format: 'rss', section: 'Régions' } }))
        .status,
    ).toBe(201);
    const id = await eventually(async () => {
      const { rows } = await db.query<{ draft_id: string }>('SELECT draft_id FROM ingestion.wire_items WHERE source = $1', [name]);
      return rows[0]?.draft_id;
    });
    expect(id).toBeDefined();

    const review = await eventually(async () => {
      const found = await call('GET', `${editorial}/v1/reviews/${id}`, { token: editor });
      return found.status === 200 ? found : undefined;
    });
    expect(review?.body.content).toMatchObject({
      headline: entry.title,
      body: entry.body,
      origin: { source: name, itemId: entry.id, link: entry.link, originalTime: entry.updated },
    });
    expect((await call('POST', `${editorial}/v1/reviews/${id}/approve`, { token: editor, body: { revision: 1 } })).status).toBe(200);

    const published = await eventually(() => articles.about(id!).find((m) => header(m, 'ce_type') === 'newsroom.article.published.v1'));
    expect(published).toBeDefined();
    const document = JSON.parse(published!.value!.toString('utf8'));
    expect(document.headlines[0].value).toBe(entry.title);
    expect(document.bodies[0].value).toBe(entry.body);
    expect(document.by).toBe('Claire Dupont');
    expect(document.infoSources).toEqual([{ name, role: 'wire', literal: entry.id, uri: entry.link }]);
    expect(ninjsProblems(document)).toEqual([]);
    expect(articles.about(id!).filter((m) => header(m, 'ce_type') === 'newsroom.article.published.v1')).toHaveLength(1);
  });
});
