import { randomUUID } from 'node:crypto';
import {
  ArticlePublished,
  createEvent,
  NinjsDocument,
  ReviewApproved,
  ReviewChangesRequested,
  ReviewClaimed,
  Topics,
} from '@newsroom/contracts';
import { startServiceApp } from '@newsroom/platform';
import { NBSP, NNBSP, storyContent } from '@newsroom/test-factories';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { ingestionService } from '../apps/ingestion/src/ingestion.service';
import { call, TEST_JWT_SECRET, tokenFor } from './support/newsroom-stack';
import { closeProducer, header, produce, TopicTap } from './support/kafka-tap';
import { eventually, testConfig } from './support/test-env';

const article = {
  headline: 'Grève à la SNCF : qu’attendre du week-end ?',
  standfirst: 'Les syndicats maintiennent leur préavis.',
  body: `<p>« Rien n’est réglé », affirme Éric Delmas.</p><p>Les trains reprendront lundi${NBSP}: 80${NNBSP}% du trafic 🚆.</p>`,
  language: 'fr',
  section: 'Société',
  tags: ['transports'],
};

describe('ingestion: journalists’ drafts', () => {
  let app: NestFastifyApplication;
  let url: string;
  let drafts: TopicTap;
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  let alice: string;
  let aliceId: string;
  let bob: string;
  let editor: string;

  beforeAll(async () => {
    await db.connect();
    drafts = await TopicTap.open(Topics.drafts);
    app = await startServiceApp(ingestionService, testConfig(ingestionService, { NEWSROOM_JWT_SECRET: TEST_JWT_SECRET }));
    url = await app.getUrl();
    aliceId = `alice-${randomUUID()}`;
    alice = await tokenFor(aliceId, 'Alice Martin', ['journalist']);
    bob = await tokenFor(`bob-${randomUUID()}`, 'Bob Durand', ['journalist']);
    editor = await tokenFor(`ed-${randomUUID()}`, 'Edith Roux', ['editor']);
  });

  afterAll(async () => {
    await app?.close();
    await drafts?.close();
    await closeProducer();
    await db.end();
  });

  const submit = (body: unknown, token = alice, headers: Record<string, string> = {}) =>
    call('POST', `${url}/v1/drafts`, { token, body, headers });

  it('keeps French text byte-for-byte, defaults the byline to the journalist, and emits draft.submitted with the whole draft', async () => {
    const created = await submit(article);
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/v1/drafts/${created.body.id}`);
    expect(created.body).toMatchObject({
      ...article,
      revision: 1,
      status: 'submitted',
      byline: { name: 'Alice Martin' },
      author: { id: aliceId },
    });
    expect(created.body.slug).toMatch(/^greve-a-la-sncf-qu-attendre-du-week-end/);
    expect(created.body.wordCount).toBeGreaterThan(10);

    const [message] = (await eventually(() => (drafts.about(created.body.id).length ? drafts.about(created.body.id) : undefined)))!;
    expect(header(message, 'ce_type')).toBe('newsroom.draft.submitted.v1');
    expect(header(message, 'ce_subject')).toBe(created.body.id);
    const data = JSON.parse(message.value!.toString('utf8'));
    expect(data.content).toMatchObject({ headline: article.headline, body: article.body, standfirst: article.standfirst });
  });

  it('sanitises the body and normalises text to NFC', async () => {
    const created = await submit({
      ...article,
      headline: 'Cafe\u0301 de l’Été',
      body: '<p onclick="steal()">Bonjour <script>alert(1)</script><a href="javascript:evil()">ici</a> <a href="https://example.org/a">là</a></p><iframe src="https://x"></iframe>',
    });
    expect(created.status).toBe(201);
    expect(created.body.headline).toBe('Café de l’Été');
    expect(created.body.body).toBe('<p>Bonjour ici <a href="https://example.org/a">là</a></p>');
  });

  it('refuses a bad draft with a problem naming each field, and stores nothing', async () => {
    // Counted for this suite's journalist only: other suites write drafts at the same time.
    const count = 'SELECT count(*)::int AS n FROM ingestion.drafts WHERE author_id = $1';
    const before = await db.query(count, [aliceId]);
    const refused = await submit({ headline: '', body: '<script>only</script>', language: 'français', tags: 'x' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['body', 'headline', 'language', 'tags']);
    const after = await db.query(count, [aliceId]);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('gives two drafts with the same headline different slugs', async () => {
    const first = await submit({ ...article, headline: 'Même titre, deux papiers' });
    const second = await submit({ ...article, headline: 'Même titre, deux papiers' });
    expect(first.body.slug).not.toBe(second.body.slug);
    expect(second.body.slug.startsWith('meme-titre-deux-papiers')).toBe(true);
  });

  it('replays a create with the same Idempotency-Key and refuses the key with another body', async () => {
    const key = randomUUID();
    const first = await submit(article, alice, { 'idempotency-key': key });
    const again = await submit(article, alice, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const other = await submit({ ...article, headline: 'Autre chose' }, alice, { 'idempotency-key': key });
    expect(other.status).toBe(422);
    const { rows } = await db.query('SELECT count(*)::int AS n FROM ingestion.outbox WHERE message_key = $1', [first.body.id]);
    expect(rows[0].n).toBe(1);
  });

  it('revises with If-Match, refuses a stale or missing revision, and lets only the author write', async () => {
    const { body: draft } = await submit(article);
    const put = (token: string, ifMatch?: string) =>
      call('PUT', `${url}/v1/drafts/${draft.id}`, {
        token,
        body: { ...article, headline: 'Nouveau titre' },
        headers: ifMatch ? { 'if-match': ifMatch } : {},
      });
    expect((await put(alice)).status).toBe(428);
    expect((await put(bob, '"1"')).status).toBe(404);
    const revised = await put(alice, '"1"');
    expect(revised.status).toBe(200);
    expect(revised.body).toMatchObject({ revision: 2, headline: 'Nouveau titre', slug: draft.slug });
    expect(revised.headers.get('etag')).toBe('"2"');
    const stale = await put(alice, '"1"');
    expect(stale.status).toBe(409);
    expect(stale.body.currentRevision).toBe(2);
  });

  it('lets the author read and withdraw, other journalists neither (to them it does not exist), editors read', async () => {
    const { body: draft } = await submit(article);
    expect((await call('GET', `${url}/v1/drafts/${draft.id}`, { token: bob })).status).toBe(404);
    expect((await call('GET', `${url}/v1/drafts/${draft.id}`, { token: editor })).status).toBe(200);
    expect((await call('POST', `${url}/v1/drafts/${draft.id}/withdraw`, { token: bob })).status).toBe(404);
    const withdrawn = await call('POST', `${url}/v1/drafts/${draft.id}/withdraw`, { token: alice });
    expect(withdrawn.body.status).toBe('withdrawn');
    const late = await call('PUT', `${url}/v1/drafts/${draft.id}`, { token: alice, body: article, headers: { 'if-match': '"1"' } });
    expect(late.status).toBe(409);
    expect(late.body.detail).toContain('withdrawn');
  });

  it('lists a journalist’s own drafts newest first, page by page; editors see everyone’s', async () => {
    const carol = await tokenFor(`carol-${randomUUID()}`, 'Carole Petit', ['journalist']);
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) ids.push((await submit({ ...article, headline: `Brève n° ${n}` }, carol)).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await call(
        'GET',
        `${url}/v1/drafts?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token: carol },
      );
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const asEditor = await call('GET', `${url}/v1/drafts?limit=100&status=submitted`, { token: editor });
    expect(asEditor.body.items.map((item: { id: string }) => item.id)).toEqual(expect.arrayContaining(ids));
  });

  it('lists drafts without their bodies (a page of long stories stays small); each draft’s own page has it', async () => {
    const dora = await tokenFor(`dora-${randomUUID()}`, 'Dora Lévêque', ['journalist']);
    const long = `<p>${'Une phrase « longue », à l’image du dossier. '.repeat(3000)}</p>`;
    const { body: created } = await submit({ ...article, body: long }, dora);
    const { body: page } = await call('GET', `${url}/v1/drafts?limit=10`, { token: dora });
    expect(page.items).toEqual([
      expect.objectContaining({ id: created.id, headline: article.headline, wordCount: created.wordCount, status: 'submitted' }),
    ]);
    expect(page.items[0]).not.toHaveProperty('body');
    expect(JSON.stringify(page).length).toBeLessThan(5_000);
    expect((await call('GET', `${url}/v1/drafts/${created.id}`, { token: dora })).body.body).toBe(long);
  });

  it('applies an editor’s decision once even when the event arrives twice, and shows the comment to the author', async () => {
    const { body: draft } = await submit(article);
    const editorId = { id: 'ed-1', name: 'Édith Roux' };
    const at = new Date().toISOString();
    const claimed = createEvent(ReviewClaimed, '/newsroom/editorial', draft.id, {
      storyId: draft.id,
      revision: 1,
      editor: editorId,
      at,
      claimedUntil: at,
    });
    const sentBack = createEvent(ReviewChangesRequested, '/newsroom/editorial', draft.id, {
      storyId: draft.id,
      revision: 1,
      editor: editorId,
      at,
      comment: 'Ajoutez la réaction de la direction, s’il vous plaît.',
    });
    // Each event twice: applied again, the claim would show twice in the journalist's feedback.
    await produce(Topics.reviews, claimed, claimed, sentBack, sentBack);

    const mirrored = await eventually(async () => {
      const read = await call('GET', `${url}/v1/drafts/${draft.id}`, { token: alice });
      return read.body.status === 'changes_requested' ? read.body : undefined;
    });
    expect(mirrored.feedback.map((entry: { decision: string }) => entry.decision)).toEqual(['claimed', 'changes_requested']);
    expect(mirrored.feedback[1].message).toBe('Ajoutez la réaction de la direction, s’il vous plaît.');
    const { rows } = await db.query('SELECT count(*)::int AS n FROM ingestion.inbox WHERE event_id = $1', [sentBack.id]);
    expect(rows[0].n).toBe(1);
  });

  it('shows the story published with the approval note even when publication overtakes the approval', async () => {
    const { body: draft } = await submit(article);
    const editor = { id: 'ed-2', name: 'Hélène Faure' };
    const at = new Date().toISOString();
    const document = {
      uri: `urn:newsroom:article:${draft.id}`,
      type: 'text',
      version: '1',
      pubStatus: 'usable',
      language: 'fr',
    } as NinjsDocument;
    await produce(Topics.articles, createEvent(ArticlePublished, '/newsroom/publication', draft.id, document));
    await eventually(async () =>
      (await call('GET', `${url}/v1/drafts/${draft.id}`, { token: alice })).body.status === 'published' ? true : undefined,
    );
    await produce(
      Topics.reviews,
      createEvent(ReviewApproved, '/newsroom/editorial', draft.id, {
        storyId: draft.id,
        revision: 1,
        editor,
        at,
        note: 'Parfait, on publie.',
        author: draft.author,
        content: storyContent({ ...article, byline: draft.byline, slug: draft.slug, wordCount: draft.wordCount }),
        submittedAt: draft.submittedAt,
      }),
    );
    const shown = await eventually(async () => {
      const read = await call('GET', `${url}/v1/drafts/${draft.id}`, { token: alice });
      return read.body.feedback?.length ? read.body : undefined;
    });
    expect(shown).toMatchObject({ status: 'published', feedback: [{ decision: 'approved', message: 'Parfait, on publie.', revision: 1 }] });
  });

  it('keeps one story’s events in order on its partition', async () => {
    const { body: draft } = await submit(article);
    for (let revision = 1; revision <= 4; revision++) {
      const put = await call('PUT', `${url}/v1/drafts/${draft.id}`, {
        token: alice,
        body: { ...article, headline: `Version ${revision + 1}` },
        headers: { 'if-match': `"${revision}"` },
      });
      expect(put.status).toBe(200);
    }
    const events = await eventually(() => (drafts.about(draft.id).length === 5 ? drafts.about(draft.id) : undefined));
    expect(events?.map((message) => JSON.parse(message.value!.toString()).revision)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(events?.map((message) => message.partition)).size).toBe(1);
  });
});
