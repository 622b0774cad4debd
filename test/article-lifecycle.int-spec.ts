import { randomUUID } from 'node:crypto';
import { createEvent, ninjsProblems, NinjsRoles, ReviewApproved, StoryContent, Topics } from '@newsroom/contracts';
import { startServiceApp } from '@newsroom/platform';
import { editor, journalist, NBSP, storyContent } from '@newsroom/test-factories';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { publicationService } from '../apps/publication/src/publication.service';
import { closeProducer, header, produce, TappedMessage, TopicTap } from './support/kafka-tap';
import { call, TEST_JWT_SECRET, tokenFor } from './support/newsroom-stack';
import { eventually, testConfig } from './support/test-env';

const author = journalist();
const deskEditor = { id: 'editor-lifecycle', name: 'Chloé Bernard' };

const content = (storyId: string, headline = `Retraites${NBSP}: qu’a vraiment promis le gouvernement${NBSP}?`): StoryContent =>
  storyContent({ headline, slug: `retraites-${storyId.slice(0, 8)}` });

const approval = (storyId: string, revision: number, extra: { publishAt?: string; headline?: string } = {}) =>
  createEvent(ReviewApproved, '/newsroom/editorial', storyId, {
    storyId,
    revision,
    editor: editor(),
    at: new Date().toISOString(),
    author,
    submittedAt: new Date(Date.now() - 60_000).toISOString(),
    content: content(storyId, extra.headline),
    ...(extra.publishAt && { publishAt: extra.publishAt }),
  });

const startPublication = async () => {
  const app = await startServiceApp(publicationService, testConfig(publicationService, { NEWSROOM_JWT_SECRET: TEST_JWT_SECRET }));
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
};

describe('publication: the article’s life after its first version', () => {
  let app: NestFastifyApplication;
  let url: string;
  let token: string;
  let articles: TopicTap;
  let latest: TopicTap;
  const db = new Client({ connectionString: process.env.DATABASE_URL });

  beforeAll(async () => {
    await db.connect();
    ({ app, url } = await startPublication());
    // After the service: it creates the latest-state topic compacted.
    articles = await TopicTap.open(Topics.articles);
    latest = await TopicTap.open(Topics.articlesLatest);
    token = await tokenFor(deskEditor.id, deskEditor.name, ['editor']);
    // Caught up first: its new group reads the reviews topic from its beginning, and an embargo 2.5 s ahead must not
    // have passed by the time its approval is read.
    const warmUp = randomUUID();
    await produce(Topics.reviews, approval(warmUp, 1));
    const caughtUp = await eventually(
      async () => ((await call('GET', `${url}/v1/articles/${warmUp}`)).status === 200 ? true : undefined),
      90_000,
    );
    expect(caughtUp).toBe(true);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await articles?.close();
    await latest?.close();
    await closeProducer();
    await db.end();
  });

  const desk = (method: string, storyId: string, action: string, body?: unknown) =>
    call(method, `${url}/v1/articles/${storyId}/${action}`, { token, ...(body !== undefined && { body }) });

  /** This database's events of the story on `tap`, once there are `n` (another database may share the broker). */
  const eventsOf = async (tap: TopicTap, storyId: string, n: number): Promise<TappedMessage[]> => {
    const ours = async () => {
      const { rows } = await db.query('SELECT event_id, headers FROM publication.outbox WHERE message_key = $1', [storyId]);
      const ids = new Set(rows.flatMap((row) => [row.event_id, row.headers.ce_id]));
      return tap.about(storyId).filter((message) => ids.has(header(message, 'ce_id')));
    };
    const found = await eventually(async () => ((await ours()).length >= n ? true : undefined), 15_000);
    if (!found) throw new Error(`${storyId}: fewer than ${n} messages, saw ${types(await ours()).join(', ')}`);
    return ours();
  };
  const types = (messages: TappedMessage[]) => messages.map((message) => header(message, 'ce_type')?.split('.')[2]);
  const documentOf = (message: TappedMessage) => JSON.parse(message.value!.toString());

  /** A story published at version 1 through its approval, as editorial would send it. */
  const publishedStory = async () => {
    const storyId = randomUUID();
    await produce(Topics.reviews, approval(storyId, 1));
    await eventsOf(articles, storyId, 1);
    return storyId;
  };

  it('schedules an approval with a time: withheld with its embargo, absent from the public API, then published within 1 s of its time', async () => {
    const storyId = randomUUID();
    const publishAt = new Date(Date.now() + 2500).toISOString();
    await produce(Topics.reviews, approval(storyId, 1, { publishAt }));

    const [scheduled] = await eventsOf(articles, storyId, 1);
    expect(header(scheduled, 'ce_type')).toBe('newsroom.article.scheduled.v1');
    expect(documentOf(scheduled)).toMatchObject({ pubStatus: 'withheld', embargoedUntil: publishAt, version: '1' });
    expect((await call('GET', `${url}/v1/articles/${storyId}`)).status).toBe(404);
    expect(latest.about(storyId)).toEqual([]);

    const [, published] = await eventsOf(articles, storyId, 2);
    expect(header(published, 'ce_type')).toBe('newsroom.article.published.v1');
    const lateness = Number(published.timestamp) - Date.parse(publishAt);
    expect(lateness).toBeGreaterThanOrEqual(0);
    expect(lateness).toBeLessThan(1000);
    expect(documentOf(published)).toMatchObject({ pubStatus: 'usable', version: '1' });
    expect(documentOf(published)).not.toHaveProperty('embargoedUntil');
    expect((await call('GET', `${url}/v1/articles/${storyId}`)).status).toBe(200);
    const [state] = await eventsOf(latest, storyId, 1);
    expect(documentOf(state)).toEqual(documentOf(published));
  });

  it('moves a schedule and cancels one; a time in the past is a 400 naming publishAt', async () => {
    const storyId = randomUUID();
    await produce(Topics.reviews, approval(storyId, 1, { publishAt: new Date(Date.now() + 3_600_000).toISOString() }));
    await eventsOf(articles, storyId, 1);

    const past = await desk('PUT', storyId, 'schedule', { publishAt: '2020-01-01T06:00:00+01:00' });
    expect(past.status).toBe(400);
    expect(past.body.errors).toEqual([{ field: 'publishAt', message: 'must be in the future' }]);

    const later = new Date(Date.now() + 7_200_000).toISOString();
    const moved = await desk('PUT', storyId, 'schedule', { publishAt: later });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: 'scheduled', publishAt: later });
    const cancelled = await desk('DELETE', storyId, 'schedule');
    expect(cancelled.body).toMatchObject({ status: 'unpublished', publishAt: null });

    const events = await eventsOf(articles, storyId, 3);
    expect(types(events)).toEqual(['scheduled', 'scheduled', 'unpublished']);
    expect(documentOf(events[1]).embargoedUntil).toBe(later);
    expect((await call('GET', `${url}/v1/articles/${storyId}`)).status).toBe(404);
  });

  it('publishes a newer approved revision of a published story as version 2, article.updated', async () => {
    const storyId = await publishedStory();
    await produce(Topics.reviews, approval(storyId, 2, { headline: 'Retraites : le texte adopté à l’Assemblée' }));
    const [first, second] = await eventsOf(articles, storyId, 2);
    expect(types([first, second])).toEqual(['published', 'updated']);
    const [v1, v2] = [documentOf(first), documentOf(second)];
    expect(v2).toMatchObject({
      version: '2',
      firstCreated: v1.firstCreated,
      headlines: [{ value: 'Retraites : le texte adopté à l’Assemblée' }],
    });
    expect(v2.versionCreated > v1.versionCreated).toBe(true);
    const read = await call('GET', `${url}/v1/articles/${storyId}`);
    expect(read.body.version).toBe('2');
  });

  it('corrects as version N+1 with its public note, on the topic and in the public document', async () => {
    const storyId = await publishedStory();
    const note = `Nous avions écrit «${NBSP}62 ans${NBSP}» : il s’agit de 64 ans.`;
    const corrected = await desk('POST', storyId, 'corrections', { headline: 'Retraites : 64 ans, pas 62', note });
    expect(corrected.status).toBe(201);
    expect(corrected.body).toMatchObject({ status: 'published', version: 2, corrections: [note] });

    const [, event] = await eventsOf(articles, storyId, 2);
    expect(header(event, 'ce_type')).toBe('newsroom.article.corrected.v1');
    const document = documentOf(event);
    expect(ninjsProblems(document)).toEqual([]);
    expect(document.headlines[0].value).toBe('Retraites : 64 ans, pas 62');
    expect(document.descriptions.filter((d: { role: string }) => d.role === NinjsRoles.correction)).toEqual([
      { role: NinjsRoles.correction, contentType: 'text/plain', value: note },
    ]);
    expect(Buffer.from(event.value!).toString('utf8')).toContain(note);
    expect((await call('GET', `${url}/v1/articles/${storyId}`)).body).toEqual(document);
  });

  it('refuses what does not fit: a correction without a note or changing nothing, and any action on a story never published', async () => {
    const storyId = await publishedStory();
    const noNote = await desk('POST', storyId, 'corrections', { headline: 'Autre titre' });
    expect(noNote.status).toBe(400);
    expect(noNote.body.errors).toEqual([expect.objectContaining({ field: 'note' })]);
    expect((await desk('POST', storyId, 'corrections', { note: 'Rien' })).status).toBe(422);
    expect((await desk('POST', storyId, 'republish')).status).toBe(409);
    expect((await desk('POST', randomUUID(), 'kill', { reason: 'x' })).status).toBe(404);
    const { rows } = await db.query('SELECT count(*)::int AS n FROM publication.outbox WHERE message_key = $1', [storyId]);
    expect(rows[0].n).toBe(2); // article.published and its latest state, nothing since
  });

  it('unpublishes (canceled, a tombstone) and republishes as a new version', async () => {
    const storyId = await publishedStory();
    const unpublished = await desk('POST', storyId, 'unpublish', { reason: 'Source à revérifier' });
    expect(unpublished.body).toMatchObject({ status: 'unpublished', reason: 'Source à revérifier' });
    expect((await call('GET', `${url}/v1/articles/${storyId}`)).status).toBe(410);
    const republished = await desk('POST', storyId, 'republish');
    expect(republished.body).toMatchObject({ status: 'published', version: 2 });

    const events = await eventsOf(articles, storyId, 3);
    expect(types(events)).toEqual(['published', 'unpublished', 'republished']);
    expect(documentOf(events[1])).toMatchObject({ pubStatus: 'canceled', edNote: 'Source à revérifier' });
    const states = await eventsOf(latest, storyId, 3);
    expect(states.map((message) => message.value)).toEqual([expect.any(Buffer), null, expect.any(Buffer)]);
    expect(documentOf(states[2]).version).toBe('2');
  });

  it('kills for good: content purged from the store and its versions, article.killed, a tombstone, and nothing brings it back', async () => {
    const storyId = await publishedStory();
    await desk('POST', storyId, 'corrections', { body: '<p>Texte corrigé.</p>', note: 'Paragraphe retiré.' });
    const killed = await desk('POST', storyId, 'kill', { reason: 'Décision de justice du 14 mars' });
    expect(killed.body).toMatchObject({ status: 'killed', reason: 'Décision de justice du 14 mars' });

    const events = await eventsOf(articles, storyId, 3);
    expect(types(events)).toEqual(['published', 'corrected', 'killed']);
    expect(documentOf(events[2])).toEqual({
      uri: `urn:newsroom:article:${storyId}`,
      standard: expect.any(Object),
      version: '2',
      versionCreated: expect.any(String),
      pubStatus: 'canceled',
      edNote: 'Décision de justice du 14 mars',
    });
    const states = await eventsOf(latest, storyId, 3);
    expect(states[2].value).toBeNull();

    const stored = (await db.query('SELECT document::text, content, author FROM publication.articles WHERE id = $1', [storyId])).rows[0];
    expect(stored).toMatchObject({ content: null, author: null });
    expect(stored.document).not.toContain('Retraites');
    const versions = (await db.query('SELECT document FROM publication.article_versions WHERE story_id = $1', [storyId])).rows;
    expect(versions).toEqual([{ document: null }, { document: null }]);
    // Once every event of the story is sent, none of them keeps its words.
    const words = await eventually(async () => {
      const { rows } = await db.query(
        `SELECT count(*) FILTER (WHERE sent_at IS NULL)::int AS unsent, count(*) FILTER (WHERE payload LIKE '%Retraites%')::int AS with_words
           FROM publication.outbox WHERE message_key = $1`,
        [storyId],
      );
      return rows[0].unsent === 0 && rows[0].with_words === 0 ? rows[0] : undefined;
    }, 5000);
    expect(words).toEqual({ unsent: 0, with_words: 0 });
    const history = (
      await db.query('SELECT action, by_name, why FROM publication.article_actions WHERE story_id = $1 ORDER BY id', [storyId])
    ).rows;
    expect(history.map((row) => row.action)).toEqual(['publish', 'correct', 'kill']);
    expect(history[2]).toEqual({ action: 'kill', by_name: deskEditor.name, why: 'Décision de justice du 14 mars' });

    for (const [method, action, body] of [
      ['POST', 'republish', undefined],
      ['POST', 'corrections', { headline: 'Retour', note: 'x' }],
      ['POST', 'unpublish', { reason: 'x' }],
      ['PUT', 'schedule', { publishAt: new Date(Date.now() + 60_000).toISOString() }],
    ] as const) {
      const refused = await desk(method, storyId, action, body);
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toContain('killed');
    }
    await produce(Topics.reviews, approval(storyId, 5));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await eventsOf(articles, storyId, 3)).toHaveLength(3);
  });

  it('releases each scheduled story once with two instances running, and what fell due while publication was down as soon as it is back', async () => {
    const second = await startPublication();
    try {
      const publishAt = new Date(Date.now() + 2000).toISOString();
      const stories = Array.from({ length: 8 }, () => randomUUID());
      await produce(Topics.reviews, ...stories.map((storyId) => approval(storyId, 1, { publishAt })));
      for (const storyId of stories) await eventsOf(articles, storyId, 2);
      await new Promise((resolve) => setTimeout(resolve, 700));
      for (const storyId of stories) expect(types(await eventsOf(articles, storyId, 2))).toEqual(['scheduled', 'published']);
    } finally {
      await second.app.close();
    }

    const storyId = randomUUID();
    const publishAt = new Date(Date.now() + 1500).toISOString();
    await produce(Topics.reviews, approval(storyId, 1, { publishAt }));
    await eventsOf(articles, storyId, 1);
    await app.close();
    await new Promise((resolve) => setTimeout(resolve, Date.parse(publishAt) - Date.now() + 1000));
    const restartedAt = Date.now();
    ({ app, url } = await startPublication());
    const [, published] = await eventsOf(articles, storyId, 2);
    expect(header(published, 'ce_type')).toBe('newsroom.article.published.v1');
    expect(Number(published.timestamp) - restartedAt).toBeLessThan(5000);
  });
});
