import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { pageReadingPool } from '@newsroom/content';
import { startServiceApp } from '@newsroom/platform';
import { atomFeed, frenchEntry, ninjsFeed, rssFeed, WireEntry, xmlAttacks } from '@newsroom/test-factories';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { editorialService } from '../apps/editorial/src/editorial.service';
import { ingestionService } from '../apps/ingestion/src/ingestion.service';
import { call, TEST_JWT_SECRET, tokenFor } from './support/newsroom-stack';
import { parseMetrics, sample } from './support/prometheus';
import { readUntil, testConfig } from './support/test-env';

/** A feed server on loopback: answers what `respond` says, counting requests and the 304s it gave. */
class FeedServer {
  requests = 0;
  notModified = 0;
  private server!: Server;
  body = '';
  contentType = 'application/rss+xml; charset=utf-8';
  etag = `"v1"`;
  mode: 'ok' | 'fail' | 'hang' = 'ok';

  async start(): Promise<string> {
    this.server = createServer((request, response) => this.answer(request, response));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/feed`;
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    this.requests++;
    if (this.mode === 'hang') return; // never answers: the poller's timeout ends it
    if (this.mode === 'fail') {
      response.writeHead(500).end('boom');
      return;
    }
    if (request.headers['if-none-match'] === this.etag) {
      this.notModified++;
      response.writeHead(304, { etag: this.etag }).end();
      return;
    }
    response.writeHead(200, { 'content-type': this.contentType, etag: this.etag, 'last-modified': 'Tue, 14 Jul 2026 08:00:00 GMT' });
    response.end(this.body);
  }

  set(body: string, etag: string) {
    this.body = body;
    this.etag = etag;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const entries = (count: number, from = 1, overrides: Partial<WireEntry> = {}) =>
  Array.from({ length: count }, (_, i) => frenchEntry(from + i, overrides));

describe('ingestion: wire sources polled and pushed', () => {
  let ingestion: NestFastifyApplication;
  let second: NestFastifyApplication;
  let editorial: NestFastifyApplication;
  let url: string;
  let editorialUrl: string;
  let admin: string;
  let wire: string;
  let editor: string;
  const servers: FeedServer[] = [];
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  const run = randomUUID().slice(0, 8);
  const wireName = (what: string) => `${what}-${run}`;

  const config = { NEWSROOM_JWT_SECRET: TEST_JWT_SECRET, WIRE_POLL_TICK_MS: '200', WIRE_FETCH_TIMEOUT_MS: '1500' };

  beforeAll(async () => {
    await db.connect();
    // The page threads start on first use, and from TypeScript sources (Jest) their first start compiles for seconds: not the first test's time.
    await pageReadingPool().readFeed(rssFeed([]), 'rss');
    ingestion = await startServiceApp(ingestionService, testConfig(ingestionService, config));
    editorial = await startServiceApp(editorialService, testConfig(editorialService, config));
    [url, editorialUrl] = [await ingestion.getUrl(), await editorial.getUrl()];
    admin = await tokenFor(`admin-${run}`, 'Ada Admin', ['admin']);
    wire = await tokenFor(`wire-${run}`, 'Agence', ['wire']);
    editor = await tokenFor(`ed-${run}`, 'Edith Roux', ['editor']);
  });

  afterAll(async () => {
    await ingestion?.close();
    await second?.close();
    await editorial?.close();
    await Promise.all(servers.map((server) => server.stop()));
    await db.end();
  });

  async function feedServer(): Promise<[FeedServer, string]> {
    const server = new FeedServer();
    servers.push(server);
    return [server, await server.start()];
  }

  const addSource = (body: Record<string, unknown>) => call('POST', `${url}/v1/wires`, { token: admin, body });
  const status = async (name: string) => (await call('GET', `${url}/v1/wires/${name}`, { token: admin })).body;
  const push = async (name: string, body: string, contentType: string) => {
    const response = await fetch(`${url}/v1/wires/${name}/items`, {
      method: 'POST',
      headers: { authorization: `Bearer ${wire}`, 'content-type': contentType },
      body,
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const draftsOf = async (name: string) =>
    (
      await db.query<{ id: string; revision: number; status: string; content: any; item_id: string }>(
        `SELECT d.id, d.revision, d.status, d.content, w.item_id FROM ingestion.drafts d
           JOIN ingestion.wire_items w ON w.draft_id = d.id WHERE w.source = $1 ORDER BY w.item_id`,
        [name],
      )
    ).rows;
  const draftCount = async (name: string) =>
    Number((await db.query('SELECT count(*) AS n FROM ingestion.drafts WHERE author_id = $1', [`wire:${name}`])).rows[0].n);

  it('lets admins set a source up, read, change and remove it; editors only read it, and nobody else sees it', async () => {
    const name = wireName('crud');
    const created = await addSource({ name, format: 'rss', language: 'fr', section: 'Régions' });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/v1/wires/${name}`);
    expect(created.body).toMatchObject({ name, url: null, format: 'rss', pollSeconds: 60, language: 'fr', section: 'Régions' });
    expect(created.body.status).toMatchObject({ polled: false, lastSuccessAt: null, lastError: null, items: { seen: 0, created: 0 } });
    expect((await addSource({ name, format: 'rss' })).status).toBe(409);

    const refused = await addSource({ name: 'Not A Name', format: 'xml', pollSeconds: 0 });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['format', 'name', 'pollSeconds']);

    const changed = await call('PATCH', `${url}/v1/wires/${name}`, { token: admin, body: { pollSeconds: 300, section: null } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ pollSeconds: 300, section: null, language: 'fr' });
    const listed = await call('GET', `${url}/v1/wires`, { token: admin });
    expect(listed.body.items.map((s: { name: string }) => s.name)).toContain(name);

    const byEditor = await call('GET', `${url}/v1/wires/${name}`, { token: editor });
    expect(byEditor.body).toMatchObject({ name, pollSeconds: 300 });
    expect((await call('GET', `${url}/v1/wires`, { token: editor })).body.items.map((s: { name: string }) => s.name)).toContain(name);
    expect((await call('PATCH', `${url}/v1/wires/${name}`, { token: editor, body: { pollSeconds: 30 } })).status).toBe(403);
    expect((await call('DELETE', `${url}/v1/wires/${name}`, { token: editor })).status).toBe(403);
    const journalist = await tokenFor(`j-${run}`, 'Jean', ['journalist']);
    expect((await call('GET', `${url}/v1/wires`, { token: journalist })).status).toBe(403);
    expect((await call('GET', `${url}/v1/wires/${name}`, { token: journalist })).status).toBe(403);
    expect((await call('POST', `${url}/v1/wires`, { token: wire, body: { name: wireName('x'), format: 'rss' } })).status).toBe(403);
    expect(await push(name, rssFeed(entries(1)), 'application/rss+xml')).toMatchObject({ status: 200, body: { created: 1 } });
    expect((await call('GET', `${url}/v1/wires/NOPE%00`, { token: admin })).status).toBe(404);

    expect((await call('DELETE', `${url}/v1/wires/${name}`, { token: admin })).status).toBe(204);
    expect((await call('GET', `${url}/v1/wires/${name}`, { token: admin })).status).toBe(404);
    expect((await call('DELETE', `${url}/v1/wires/${name}`, { token: admin })).status).toBe(404);
  });

  it('takes pushed RSS items in once, however often and however concurrently they come, with their text intact', async () => {
    const name = wireName('push-rss');
    await addSource({ name, format: 'rss', section: 'Régions' });
    const feed = rssFeed(entries(5));
    const pushes = await Promise.all(Array.from({ length: 4 }, () => push(name, feed, 'application/rss+xml; charset=utf-8')));
    expect(pushes.map((p) => p.status)).toEqual([200, 200, 200, 200]);
    expect(pushes.reduce((sum, p) => sum + p.body.created, 0)).toBe(5);
    expect(pushes.reduce((sum, p) => sum + p.body.created + p.body.unchanged, 0)).toBe(20);
    const again = await push(name, feed, 'application/rss+xml');
    expect(again.body).toEqual({ created: 0, revised: 0, unchanged: 5, left: 0, refused: [] });
    expect(await draftCount(name)).toBe(5);

    const [first] = await draftsOf(name);
    const entry = frenchEntry(1);
    expect(first.status).toBe('submitted');
    expect(first.content).toMatchObject({
      headline: entry.title,
      body: entry.body,
      language: 'fr',
      section: 'Régions',
      tags: ['Météo', 'Régions'],
      byline: { name: 'Claire Dupont' },
      origin: { source: name, itemId: entry.id, link: entry.link, originalTime: entry.updated },
    });
    const view = await call('GET', `${url}/v1/drafts/${first.id}`, { token: editor });
    expect(view.body).toMatchObject({ headline: entry.title, origin: { source: name, itemId: entry.id }, originalUrl: entry.link });
    expect((await status(name)).status.items).toMatchObject({ seen: 25, created: 5, unchanged: 20 });
    // Pushed to this instance, so counted in its registry (a poll may be any instance's, another suite's included).
    const metrics = parseMetrics((await call('GET', `${url}/metrics`)).body as string);
    expect(sample(metrics, 'newsroom_wire_items_total', { source: name, outcome: 'created' })).toBe(5);
    expect(sample(metrics, 'newsroom_wire_items_total', { source: name, outcome: 'unchanged' })).toBe(20);
    expect(sample(metrics, 'newsroom_wire_last_success_timestamp_seconds', { source: name })).toBeGreaterThan(Date.now() / 1000 - 60);
  });

  it('shows the desk a source’s incoming items, the latest taken in first, page by page; to editors and admins only', async () => {
    const name = wireName('desk');
    await addSource({ name, format: 'rss', language: 'fr' });
    expect(await push(name, rssFeed(entries(3)), 'application/rss+xml')).toMatchObject({ body: { created: 3 } });
    // Item 1 changes at the source: taken in again as revision 2, it comes first.
    const update = frenchEntry(1, { body: '<p>Nouveau bilan\u00a0: « 40\u00a0°C ».</p>', updated: '2026-07-15T09:00:00Z' });
    expect(await push(name, rssFeed([update, ...entries(2, 2)]), 'application/rss+xml')).toMatchObject({ body: { revised: 1 } });

    const seen: any[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: any } = await call(
        'GET',
        `${url}/v1/wires/${name}/items?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token: editor },
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 5);

    expect(pages).toBe(2);
    expect(seen).toHaveLength(3);
    expect(seen[0]).toEqual({
      itemId: frenchEntry(1).id,
      storyId: expect.any(String),
      headline: frenchEntry(1).title,
      language: 'fr',
      status: 'submitted',
      revision: 2,
      link: frenchEntry(1).link,
      firstSeenAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(new Set(seen.map((item) => item.itemId))).toEqual(new Set([1, 2, 3].map((n) => frenchEntry(n).id)));
    const times = seen.map((item) => Date.parse(item.updatedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const drafts = await draftsOf(name);
    expect(seen.map((item) => item.storyId).sort()).toEqual(drafts.map((draft) => draft.id).sort());

    expect((await call('GET', `${url}/v1/wires/${name}/items`, { token: admin })).status).toBe(200);
    const journalist = await tokenFor(`j-desk-${run}`, 'Jean', ['journalist']);
    expect((await call('GET', `${url}/v1/wires/${name}/items`, { token: journalist })).status).toBe(403);
    expect((await call('GET', `${url}/v1/wires/${name}/items`, { token: wire })).status).toBe(403);
    const unknown = await call('GET', `${url}/v1/wires/${wireName('nowhere')}/items`, { token: editor });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const badCursor = await call('GET', `${url}/v1/wires/${name}/items?cursor=nope&limit=0`, { token: editor });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['cursor', 'limit']);
  });

  it('refuses the bad items of a push with a reason each, and takes the others', async () => {
    const name = wireName('push-mixed');
    await addSource({ name, format: 'rss' });
    const feed = rssFeed([
      frenchEntry(1),
      frenchEntry(2, { title: '' }),
      frenchEntry(3, { body: '<script>alert(1)</script>' }),
      frenchEntry(4),
    ]);
    const pushed = await push(name, feed, 'application/rss+xml');
    expect(pushed.status).toBe(200);
    expect(pushed.body.created).toBe(2);
    expect(pushed.body.refused).toEqual([
      { item: frenchEntry(2).id, reason: expect.stringContaining('title') },
      { item: frenchEntry(3).id, reason: expect.stringContaining('body') },
    ]);
    expect(await draftCount(name)).toBe(2);
  });

  it('takes ninjs and Atom pushes by their Content-Type; 415 for any other', async () => {
    const name = wireName('push-formats');
    await addSource({ name, format: 'ninjs' });
    const ninjs = await push(name, ninjsFeed(entries(2, 1)), 'application/json');
    expect(ninjs.body).toMatchObject({ created: 2, refused: [] });
    const atom = await push(name, atomFeed(entries(2, 3)), 'application/atom+xml');
    expect(atom.body).toMatchObject({ created: 2, refused: [] });
    const rows = await draftsOf(name);
    expect(rows.map((row) => row.content.headline)).toEqual(entries(4).map((entry) => entry.title));
    expect(
      rows.every((row) => row.content.body === frenchEntry(1).body.replace('dépêche 1', `dépêche ${row.item_id.split(':').pop()}`)),
    ).toBe(true);
    expect((await push(name, 'x', 'text/plain')).status).toBe(415);
  });

  it.each(Object.entries(xmlAttacks))('refuses the %s attack pushed, and stores nothing', async (attack, feed) => {
    const name = wireName(`attack-${attack.toLowerCase()}`);
    await addSource({ name, format: 'rss' });
    const pushed = await push(name, feed, 'application/rss+xml');
    expect(pushed.status).toBe(400);
    expect(pushed.body.errors[0].field).toBe('body');
    if (attack === 'malformed') expect(pushed.body.errors[0]).toMatchObject({ line: 4, column: expect.any(Number) });
    else expect(pushed.body.detail).toMatch(/document type/);
    expect(await draftCount(name)).toBe(0);
    expect((await status(name)).status.items.seen).toBe(0);
  });

  it('refuses a feed of more than 500 items with 413, and one over 5 MiB before reading it', async () => {
    const name = wireName('too-many');
    await addSource({ name, format: 'rss' });
    const many = await push(name, rssFeed(entries(501)), 'application/rss+xml');
    expect(many.status).toBe(413);
    expect(many.body.detail).toMatch(/501 items, more than the 500/);
    const huge = await push(name, rssFeed([frenchEntry(1, { body: `<p>${'a'.repeat(6 * 1024 * 1024)}</p>` })]), 'application/rss+xml');
    expect(huge.status).toBe(413);
    expect(await draftCount(name)).toBe(0);
  });

  it('polls an RSS source: each item once, a 304 costs nothing, an updated item becomes revision 2', async () => {
    const [server, feedUrl] = await feedServer();
    server.set(rssFeed(entries(3)), '"a"');
    const name = wireName('poll-rss');
    await addSource({ name, url: feedUrl, format: 'rss', pollSeconds: 1 });
    await readUntil(
      () => draftCount(name),
      (n) => n === 3,
      'the three polled items',
    );
    await readUntil(
      async () => server.notModified,
      (n) => n >= 2,
      'two conditional polls answered 304',
    );
    const afterPolls = await status(name);
    expect(afterPolls.status).toMatchObject({ lastError: null, failuresInARow: 0, items: { seen: 3, created: 3, unchanged: 0 } });
    expect(afterPolls.status.lastSuccessAt).not.toBeNull();

    server.set(
      rssFeed([...entries(2), frenchEntry(3, { body: '<p>Mise à jour\u00a0: « fin » de l’alerte.</p>', updated: '2026-07-15T09:00:00Z' })]),
      '"b"',
    );
    const revised = await readUntil(
      async () => (await draftsOf(name)).find((row) => row.item_id === frenchEntry(3).id),
      (row) => row?.revision === 2,
      'revision 2 of the updated item',
    );
    expect(revised!.content.body).toBe('<p>Mise à jour\u00a0: « fin » de l’alerte.</p>');
    expect(revised!.content.origin.originalTime).toBe('2026-07-15T09:00:00.000Z');
    expect(await draftCount(name)).toBe(3);
    await readUntil(
      () => status(name),
      (s) => s.status.items.revised === 1 && s.status.items.unchanged === 2,
      'the revision counted',
    );
  });

  it('shows a source that answers 500, or hangs, in its status, backs off, and recovers', async () => {
    const [server, feedUrl] = await feedServer();
    server.set(atomFeed(entries(2)), '"x"');
    server.contentType = 'application/atom+xml';
    server.mode = 'fail';
    const name = wireName('flaky');
    await addSource({ name, url: feedUrl, format: 'atom', pollSeconds: 1 });
    const failing = await readUntil(
      () => status(name),
      (s) => s.status.failuresInARow >= 2,
      'two failed polls',
    );
    expect(failing.status.lastError).toMatchObject({ message: 'the source answered 500 Internal Server Error', at: expect.any(String) });
    expect(failing.status.lastSuccessAt).toBeNull();

    server.mode = 'hang';
    const hanging = await readUntil(
      () => status(name),
      (s) => /did not answer/.test(s.status.lastError?.message ?? ''),
      'a timed-out poll',
    );
    expect(hanging.status.failuresInARow).toBeGreaterThanOrEqual(3);

    server.mode = 'ok';
    await call('PATCH', `${url}/v1/wires/${name}`, { token: admin, body: { url: `${feedUrl}?again` } }); // polled at once, not after the backoff
    const recovered = await readUntil(
      () => status(name),
      (s) => s.status.lastSuccessAt !== null,
      'a poll that worked again',
    );
    expect(recovered.status).toMatchObject({ failuresInARow: 0, items: { created: 2 } });
    expect(await draftCount(name)).toBe(2);
  });

  it('has one of two instances poll a source at a time, each item once; a crashed poll is taken up once its lease runs out', async () => {
    second = await startServiceApp(ingestionService, testConfig(ingestionService, config));
    const [server, feedUrl] = await feedServer();
    server.set(ninjsFeed(entries(20)), '"n"');
    server.contentType = 'application/json';
    const name = wireName('two-instances');
    await addSource({ name, url: feedUrl, format: 'ninjs', pollSeconds: 1 });
    await readUntil(
      () => draftCount(name),
      (n) => n === 20,
      'the twenty items',
    );
    // Pushed at the same time as it is polled, and polled again: still twenty.
    await push(name, ninjsFeed(entries(20)), 'application/json');
    await readUntil(
      async () => server.requests,
      (n) => n >= 4,
      'more polls',
    );
    expect(await draftCount(name)).toBe(20);

    // An instance that died holding the lease: nobody polls until the lease has run out, then someone does.
    const crashed = wireName('crashed');
    const [crashServer, crashUrl] = await feedServer();
    crashServer.set(rssFeed(entries(1)), '"c"');
    // Set up without a url, then given one with the dead instance's lease in one statement: no poll can start in between.
    await addSource({ name: crashed, format: 'rss', pollSeconds: 1 });
    await db.query(
      `UPDATE ingestion.wire_sources SET url = $2, lease_owner = 'dead-instance', lease_until = now() + interval '2 seconds', next_poll_at = now() WHERE name = $1`,
      [crashed, crashUrl],
    );
    const requestsBefore = crashServer.requests;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(crashServer.requests).toBe(requestsBefore);
    await readUntil(
      () => draftCount(crashed),
      (n) => n === 1,
      'the item once the dead lease ran out',
    );
  });

  it('counts and leaves an item updated after its story was approved', async () => {
    const name = wireName('approved');
    await addSource({ name, format: 'rss' });
    await push(name, rssFeed(entries(1)), 'application/rss+xml');
    const [draft] = await draftsOf(name);
    await readUntil(
      () => call('GET', `${editorialUrl}/v1/reviews/${draft.id}`, { token: editor }),
      (r) => r.status === 200,
      'the review',
    );
    expect((await call('POST', `${editorialUrl}/v1/reviews/${draft.id}/approve`, { token: editor, body: { revision: 1 } })).status).toBe(
      200,
    );
    await readUntil(
      async () => (await draftsOf(name))[0].status,
      (s) => s === 'approved' || s === 'published',
      'the approval mirrored',
    );

    const updated = rssFeed([frenchEntry(1, { body: '<p>Autre version.</p>', updated: '2026-07-16T00:00:00Z' })]);
    expect((await push(name, updated, 'application/rss+xml')).body).toMatchObject({ left: 1, revised: 0, created: 0 });
    expect((await push(name, updated, 'application/rss+xml')).body).toMatchObject({ left: 0, unchanged: 1 });
    expect((await draftsOf(name))[0].revision).toBe(1);
    expect((await status(name)).status.items.leftAfterApproval).toBe(1);
  });
});
