import { randomUUID } from 'node:crypto';
import {
  ArticlePublished,
  createEvent,
  deadLetterTopic,
  MAX_SLUG_LENGTH,
  ReviewApproved,
  StoryContent,
  Topics,
  toKafkaRecord,
} from '@newsroom/contracts';
import { outboxChannel } from '@newsroom/messaging';
import { startServiceApp } from '@newsroom/platform';
import { editor, journalist, NBSP, NNBSP, storyContent } from '@newsroom/test-factories';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { publicationService } from '../apps/publication/src/publication.service';
import { closeProducer, header, produce, produceRecords, TappedMessage, TopicTap } from './support/kafka-tap';
import { call, Reply, TEST_JWT_SECRET } from './support/newsroom-stack';
import { eventually, testConfig } from './support/test-env';

const editorOnDuty = editor();
const author = journalist();

const content = (storyId: string, headline?: string): StoryContent =>
  storyContent({
    ...(headline ? { headline } : {}),
    body: `<p>«${NBSP}Nous ne reculerons pas${NBSP}», a lancé la Première ministre.</p>\n<p>ÉTAT DES LIEUX. Ça reste flou${NNBSP}: 64${NBSP}ans d’ici 2030.</p>\n`,
    wordCount: 24,
    // One slug per story: the slug is unique among published articles.
    slug: `retraites-promesses-${storyId.slice(0, 8)}`,
  });

const approval = (storyId: string, revision = 1, headline?: string) =>
  createEvent(ReviewApproved, '/newsroom/editorial', storyId, {
    storyId,
    revision,
    editor: editorOnDuty,
    at: new Date().toISOString(),
    note: 'Vérifié avec le service politique.',
    author,
    submittedAt: new Date(Date.now() - 60_000).toISOString(),
    content: content(storyId, headline),
  });

const bytes = (text: string | undefined) => Buffer.from(text ?? '', 'utf8');

describe('publication: approved stories become public ninjs articles', () => {
  let app: NestFastifyApplication;
  let url: string;
  let articles: TopicTap;
  let deadLetters: TopicTap;
  const db = new Client({ connectionString: process.env.DATABASE_URL });

  beforeAll(async () => {
    await db.connect();
    articles = await TopicTap.open(Topics.articles);
    deadLetters = await TopicTap.open(deadLetterTopic(Topics.reviews, publicationService.name));
    app = await startServiceApp(publicationService, testConfig(publicationService, { NEWSROOM_JWT_SECRET: TEST_JWT_SECRET }));
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await articles?.close();
    await deadLetters?.close();
    await closeProducer();
    await db.end();
  });

  const count = async (sql: string, ...params: unknown[]) => Number((await db.query(sql, params)).rows[0].n);
  const articleRows = (storyId: string) => count('SELECT count(*) AS n FROM publication.articles WHERE id = $1', storyId);
  const inboxRows = (eventId: string) => count('SELECT count(*) AS n FROM publication.inbox WHERE event_id = $1', eventId);
  const outboxRows = async (storyId: string) =>
    (
      await db.query('SELECT id, event_id, sent_at FROM publication.outbox WHERE message_key = $1 AND topic = $2 ORDER BY id', [
        storyId,
        Topics.articles,
      ])
    ).rows;
  /** The article as a reader gets it, once the consumer has published it. */
  const published = async (storyId: string) => {
    const read = await eventually(async () => {
      const answer = await call('GET', `${url}/v1/articles/${storyId}`);
      return answer.status === 200 ? answer : undefined;
    });
    if (!read) throw new Error(`story ${storyId} was never published`);
    return read;
  };
  // Only the story's messages from this database's outbox, once there are `n`: a publication on another
  // database sharing the broker (a dev stack, a bench) publishes the same approvals under ce_ids of its own.
  const onTopic = async (storyId: string, n = 1): Promise<TappedMessage[]> => {
    const ours = async () => {
      const ids = new Set((await outboxRows(storyId)).map((row) => row.event_id));
      return articles.about(storyId).filter((message) => ids.has(header(message, 'ce_id')));
    };
    await eventually(async () => ((await ours()).length >= n ? true : undefined));
    return ours();
  };
  /** The story's outbox rows once every one of them is marked sent. */
  const sentOutbox = async (storyId: string) =>
    (await eventually(async () => {
      const rows = await outboxRows(storyId);
      return rows.length > 0 && rows.every((row) => row.sent_at !== null) ? rows : undefined;
    })) ?? [];
  /** Waits until the consumer has recorded an event, so everything before it on the story's partition was handled too. */
  const applied = (eventId: string) => eventually(async () => ((await inboxRows(eventId)) === 1 ? true : undefined));

  it('publishes an approved French story byte for byte, by id and by slug, and on the public topic', async () => {
    const storyId = randomUUID();
    const event = approval(storyId);
    await produce(Topics.reviews, event);

    const byId = await published(storyId);
    const bySlug = await call('GET', `${url}/v1/articles/${event.data.content.slug}`);
    const document = byId.body;

    expect(bySlug.status).toBe(200);
    expect(bySlug.body).toEqual(document);
    expect(document).toMatchObject({
      uri: `urn:newsroom:article:${storyId}`,
      version: '1',
      pubStatus: 'usable',
      language: 'fr',
      slugline: event.data.content.slug,
      by: 'Élodie Lefèvre',
      subjects: [
        { name: 'Économie', rel: 'section', literal: 'Économie' },
        { name: 'retraites', rel: 'tag', literal: 'retraites' },
        { name: 'Assemblée nationale', rel: 'tag', literal: 'Assemblée nationale' },
      ],
    });
    expect(JSON.stringify(document)).not.toContain(event.data.note);
    const { headline, standfirst, body, byline } = event.data.content;
    expect(bytes(document.headlines[0].value)).toEqual(bytes(headline));
    expect(bytes(document.bodies[0].value)).toEqual(bytes(body));
    expect(bytes(document.descriptions.find((d: { role: string }) => d.role === 'summary')?.value)).toEqual(bytes(standfirst));
    expect(bytes(document.descriptions.find((d: { role: string }) => d.role === 'author-bio')?.value)).toEqual(bytes(byline.bio));

    const [message] = await onTopic(storyId);
    expect(message.key?.toString()).toBe(storyId);
    const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
    expect(headers).toEqual({
      ce_specversion: '1.0',
      ce_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      ce_source: 'urn:newsroom:publication',
      ce_type: ArticlePublished.type,
      ce_time: expect.any(String),
      ce_subject: storyId,
      ce_dataschema: 'http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json',
      'content-type': 'application/json',
    });
    expect(JSON.parse(message.value!.toString('utf8'))).toEqual(document);
    expect(await sentOutbox(storyId)).toEqual([{ id: expect.any(String), event_id: headers.ce_id, sent_at: expect.any(Date) }]);
  });

  it('applies the same approval delivered twice once: one article, one inbox row, one event', async () => {
    const storyId = randomUUID();
    const event = approval(storyId);
    // The later approval (the same revision, approved again) shares the partition: once it is recorded, both copies before it were handled.
    const later = approval(storyId, 1);
    await produce(Topics.reviews, event, event, later);
    await published(storyId);
    await applied(later.id);

    expect(await articleRows(storyId)).toBe(1);
    expect(await inboxRows(event.id)).toBe(1);
    expect(await sentOutbox(storyId)).toHaveLength(1);
    expect(await onTopic(storyId)).toHaveLength(1);
  });

  it('sends an event again under the same ce_id when the relay died before marking it sent', async () => {
    const storyId = randomUUID();
    await produce(Topics.reviews, approval(storyId));
    await published(storyId);
    const [first] = await onTopic(storyId);
    const [row] = await sentOutbox(storyId);

    // What a relay that produced and then crashed leaves behind: the row still unsent.
    await db.query('UPDATE publication.outbox SET sent_at = NULL WHERE id = $1', [row.id]);
    await db.query('SELECT pg_notify($1, NULL)', [outboxChannel('publication')]);

    const twice = await onTopic(storyId, 2);
    expect(twice).toHaveLength(2);
    expect(twice.map((message) => header(message, 'ce_id'))).toEqual([row.event_id, row.event_id]);
    expect(twice[1].value).toEqual(first.value);
    const [again] = await sentOutbox(storyId);
    expect(again.sent_at.getTime()).toBeGreaterThan(row.sent_at.getTime());
    expect(await articleRows(storyId)).toBe(1);
  });

  it('keeps version 1 when a story already published is approved again at the same revision', async () => {
    const storyId = randomUUID();
    const first = approval(storyId);
    await produce(Topics.reviews, first);
    await published(storyId);

    const second = approval(storyId, 1, 'Retraites : le gouvernement recule');
    await produce(Topics.reviews, second);
    await applied(second.id);

    const read = await call('GET', `${url}/v1/articles/${storyId}`);
    expect(read.body.version).toBe('1');
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body.headlines[0].value).toBe(first.data.content.headline);
    expect(await sentOutbox(storyId)).toHaveLength(1);
    expect(await onTopic(storyId)).toHaveLength(1);
  });

  it('publishes a story whose slug another article has under that slug and its id, within the slug length', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    const slug = Array.from({ length: 15 }, (_, n) => `mot${n}`).join('-');
    const withSlug = (storyId: string) => {
      const event = approval(storyId);
      return { ...event, data: { ...event.data, content: { ...event.data.content, slug } } };
    };
    await produce(Topics.reviews, withSlug(first));
    await published(first);
    await produce(Topics.reviews, withSlug(second));

    const taken = (await published(second)).body;
    expect(taken.slugline).toMatch(new RegExp(`^mot0-.*-${second.slice(0, 8)}$`));
    expect(taken.slugline.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect((await call('GET', `${url}/v1/articles/${taken.slugline}`)).body.uri).toBe(`urn:newsroom:article:${second}`);
    const statuses = await db.query('SELECT status FROM publication.articles WHERE id = ANY($1::uuid[])', [[first, second]]);
    expect(statuses.rows).toEqual([{ status: 'published' }, { status: 'published' }]);
  });

  it('dead-letters poison on the reviews topic and still publishes the story’s next valid approval', async () => {
    const storyId = randomUUID();
    const valid = approval(storyId);
    const { headline: _headline, ...headless } = valid.data.content;
    const notJson = { ...toKafkaRecord(approval(storyId)), value: '{"storyId": "' };
    const noHeadline = toKafkaRecord({ ...approval(storyId), data: { ...valid.data, content: headless } });
    await produceRecords(Topics.reviews, notJson, noHeadline);
    await produce(Topics.reviews, valid);

    expect((await published(storyId)).body.headlines[0].value).toBe(valid.data.content.headline);
    const reasonOf = async (ceId: string) => {
      const dead = await eventually(() => deadLetters.about(storyId).find((message) => header(message, 'ce_id') === ceId));
      expect(dead).toBeDefined();
      expect(header(dead!, 'dlq_topic')).toBe(Topics.reviews);
      expect(header(dead!, 'dlq_offset')).toMatch(/^\d+$/);
      return header(dead!, 'dlq_reason');
    };
    expect(await reasonOf(notJson.headers.ce_id)).toMatch(/not JSON/);
    expect(await reasonOf(noHeadline.headers.ce_id)).toMatch(/^newsroom\.review\.approved\.v1 payload is invalid: content\.headline: /);
    expect(deadLetters.about(storyId).map((message) => header(message, 'ce_id'))).not.toContain(valid.id);
  });

  it('lists articles newest first, page by page, and answers problems for an unknown slug or a bad limit', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 3; n++) {
      ids.push(randomUUID());
      await produce(Topics.reviews, approval(ids[n], 1, `Brève n°${NBSP}${n}`));
      await published(ids[n]);
    }

    const seen: { uri: string; firstCreated: string }[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50 && !ids.every((id) => seen.some((item) => item.uri.endsWith(id))); pages++) {
      const page: Reply<{ items: typeof seen; nextCursor: string | null }> = await call(
        'GET',
        `${url}/v1/articles?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
      if (!cursor) break;
    }
    const mine = seen.filter((item) => ids.some((id) => item.uri.endsWith(id))).map((item) => item.uri);
    expect(mine).toEqual([...ids].reverse().map((id) => `urn:newsroom:article:${id}`));
    expect(new Set(seen.map((item) => item.uri)).size).toBe(seen.length);
    // Newest first by when each became public (a scheduled story's firstCreated is when it was scheduled).
    const { rows } = await db.query('SELECT id::text, published_at FROM publication.articles WHERE id = ANY($1::uuid[])', [
      seen.map((item) => item.uri.split(':').pop()),
    ]);
    const publishedAt = new Map(rows.map((row) => [row.id, (row.published_at as Date).getTime()]));
    const times = seen.map((item) => publishedAt.get(item.uri.split(':').pop()!)!);
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const unknown = await call('GET', `${url}/v1/articles/aucun-article-de-ce-nom`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(unknown.body).toMatchObject({ status: 404, detail: expect.stringContaining('aucun-article-de-ce-nom') });

    const badLimit = await call('GET', `${url}/v1/articles?limit=0`);
    expect(badLimit.status).toBe(400);
    expect(badLimit.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(badLimit.body.errors).toEqual([{ field: 'limit', message: expect.any(String) }]);
  });
});
