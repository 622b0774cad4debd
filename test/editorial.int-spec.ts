import { randomUUID } from 'node:crypto';
import {
  CloudEvent,
  createEvent,
  DraftRevised,
  DraftSubmitted,
  DraftWithdrawn,
  ReviewApproved,
  ReviewRejected,
  Topics,
} from '@newsroom/contracts';
import { signToken, startServiceApp } from '@newsroom/platform';
import { editor, journalist, storyContent } from '@newsroom/test-factories';
import { INestApplication } from '@nestjs/common';
import { KafkaMessage } from 'kafkajs';
import { DataSource } from 'typeorm';
import { editorialService } from '../apps/editorial/src/editorial.service';
import { closeProducer, produce, TopicTap } from './support/kafka-tap';
import { call as callApi } from './support/newsroom-stack';
import { eventually, testConfig } from './support/test-env';

const config = testConfig(editorialService);
const chloe = journalist('Chloé Lefèvre');
const amelie = editor('Amélie Durand');
const bruno = editor('Bruno Keller');

// The factory's French text, with its no-break spaces; the section and byline are the ones the queue's summary shows.
const content = (headline: string) => storyContent({ headline, section: 'Société', byline: { name: chloe.name } });

type Review = Record<string, any>;
type Answer = { status: number; body: Review; contentType: string | null };

describe('editorial: the review queue and decisions', () => {
  let app: INestApplication;
  let base: string;
  let db: DataSource;
  let reviews: TopicTap;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    app = await startServiceApp(editorialService, config);
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    db = app.get(DataSource);
    reviews = await TopicTap.open(Topics.reviews);
    const sign = (who: typeof amelie, ...roles: ('editor' | 'journalist')[]) =>
      signToken({ sub: who.id, name: who.name, roles }, config.NEWSROOM_JWT_SECRET);
    Object.assign(tokens, { amelie: await sign(amelie, 'editor'), bruno: await sign(bruno, 'editor') });
    // Chloé writes; as an editor too she still may not approve her own story.
    Object.assign(tokens, { chloe: await sign(chloe, 'journalist', 'editor'), journalist: await sign(chloe, 'journalist') });
  });

  afterAll(async () => {
    await reviews?.close();
    await closeProducer();
    await app?.close();
  });

  const revision = (
    contract: typeof DraftSubmitted,
    storyId: string,
    rev: number,
    headline = `Crue de la Seine, révision ${rev}`,
    at = new Date(),
  ) =>
    createEvent(contract, '/newsroom/ingestion', storyId, {
      storyId,
      revision: rev,
      author: chloe,
      content: content(headline),
      at: at.toISOString(),
    });
  const withdrawal = (storyId: string, rev: number) =>
    createEvent(DraftWithdrawn, '/newsroom/ingestion', storyId, { storyId, revision: rev, by: chloe, at: new Date().toISOString() });
  const put = (...events: CloudEvent[]) => produce(Topics.drafts, ...events);

  const call = async (method: string, path: string, who?: string, body?: unknown): Promise<Answer> => {
    const reply = await callApi<Review>(method, `${base}${path}`, { token: who && tokens[who], body });
    return { status: reply.status, body: reply.body, contentType: reply.headers.get('content-type') };
  };
  /** The review once the consumer has applied what the test waits for. */
  const reviewOnce = async (storyId: string, ready: (review: Review) => boolean = () => true): Promise<Review> => {
    const seen = await eventually(async () => {
      const answer = await call('GET', `/v1/reviews/${storyId}`, 'amelie');
      return answer.status === 200 && ready(answer.body) ? answer.body : undefined;
    });
    if (!seen) throw new Error(`review ${storyId} never reached the expected state`);
    return seen;
  };
  const submitted = async (storyId: string) => {
    await put(revision(DraftSubmitted, storyId, 1));
    return reviewOnce(storyId);
  };
  /**
   * Walks the queue page by page, as a client following nextCursor would, until every one of `ids` has been listed.
   * The suites share one database, so the queue holds every story earlier runs left in it: the stories this suite
   * pages through are queued long ago (their revisions' time), at its head, and withdrawn once checked.
   */
  const queueHeadUpTo = async (limit: number, ids: string[]): Promise<Review[]> => {
    const items: Review[] = [];
    const listed = (): boolean => ids.every((id) => items.some((item) => item.storyId === id));
    for (let cursor: string | null = null, pages = 0; !listed() && (pages === 0 || cursor); pages++) {
      const answer = await call('GET', `/v1/reviews?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, 'amelie');
      expect(answer.status).toBe(200);
      items.push(...answer.body.items);
      cursor = answer.body.nextCursor;
    }
    return items;
  };
  /** A time at the queue's head: long before any story of today's runs. */
  const longAgo = (offsetMs: number) => new Date(Date.UTC(2001, 0, 1) + offsetMs);
  const count = async (sql: string, ...params: unknown[]) => Number((await db.query(sql, params))[0].n);

  it('queues a submitted story with its French text byte for byte', async () => {
    const storyId = randomUUID();
    const headline = 'L’« affaire » de la crue : Élise répond';
    await put(revision(DraftSubmitted, storyId, 1, headline, longAgo(0)));

    const review = await reviewOnce(storyId);
    const listed = (await queueHeadUpTo(100, [storyId])).find((item) => item.storyId === storyId);
    await put(withdrawal(storyId, 1));

    expect(listed).toEqual({
      storyId,
      status: 'submitted',
      revision: 1,
      headline,
      author: chloe,
      byline: { name: 'Chloé Lefèvre' },
      language: 'fr',
      section: 'Société',
      queuedAt: expect.any(String),
      claim: null,
      updates: null,
    });
    expect(review.content).toEqual(content(headline));
    expect(Buffer.from(review.content.body)).toEqual(Buffer.from(content(headline).body));
    expect(review.history).toEqual([]);
  });

  it('pages through the queue oldest first, each story once', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    await put(...ids.map((id, index) => revision(DraftSubmitted, id, 1, `Page ${index}`, longAgo(index + 1))));
    // Three stories, three partitions: each is waited for.
    for (const id of ids) await reviewOnce(id);

    // Pages of two: the three stories span at least two pages.
    const queue = await queueHeadUpTo(2, ids);
    await put(...ids.map((id) => withdrawal(id, 1)));
    const order = queue.map((item) => `${item.queuedAt} ${item.storyId}`);

    expect(order).toEqual([...order].sort());
    expect(new Set(queue.map((item) => item.storyId)).size).toBe(queue.length);
    expect(queue.filter((item) => ids.includes(item.storyId)).map((item) => item.storyId)).toEqual(ids);
  });

  it('applies the same event delivered twice only once', async () => {
    const storyId = randomUUID();
    const first = revision(DraftSubmitted, storyId, 1);
    await put(first, first);
    // Withdrawal comes after both copies on the story's partition: once it shows, both were handled.
    await put(withdrawal(storyId, 1));
    const review = await reviewOnce(storyId, (seen) => seen.status === 'withdrawn');

    expect(review.revision).toBe(1);
    expect(review.history).toEqual([{ decision: 'withdrawn', revision: 1, by: chloe, at: expect.any(String) }]);
    expect(await count('SELECT count(*) AS n FROM editorial.review_items WHERE story_id = $1', storyId)).toBe(1);
    expect(await count('SELECT count(*) AS n FROM editorial.inbox WHERE event_id = $1', first.id)).toBe(1);
  });

  it('keeps one story’s events in order', async () => {
    const storyId = randomUUID();
    // Out of order, the withdrawal would land before revision 4 and leave the story withdrawn at revision 3.
    await put(
      revision(DraftSubmitted, storyId, 1),
      revision(DraftRevised, storyId, 2),
      revision(DraftRevised, storyId, 3),
      revision(DraftRevised, storyId, 4),
      withdrawal(storyId, 4),
    );

    const review = await reviewOnce(storyId, (seen) => seen.status === 'withdrawn');

    expect(review).toMatchObject({ status: 'withdrawn', revision: 4, headline: 'Crue de la Seine, révision 4' });
  });

  it('keeps other editors off a claimed story, naming who holds it', async () => {
    const storyId = randomUUID();
    await submitted(storyId);

    const claimed = await call('POST', `/v1/reviews/${storyId}/claim`, 'amelie');
    const approvedByBruno = await call('POST', `/v1/reviews/${storyId}/approve`, 'bruno', { revision: 1 });
    const claimedByBruno = await call('POST', `/v1/reviews/${storyId}/claim`, 'bruno');
    const extended = await call('POST', `/v1/reviews/${storyId}/claim`, 'amelie');

    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ status: 'in_review', claim: { editor: amelie } });
    const expiresIn = Date.parse(claimed.body.claim.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(29 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(30 * 60_000);
    for (const refused of [approvedByBruno, claimedByBruno]) {
      expect(refused.status).toBe(409);
      expect(refused.contentType).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ type: expect.stringMatching(/review-claimed$/), claim: { editor: amelie } });
      expect(refused.body.detail).toContain('Amélie Durand');
    }
    expect(extended.status).toBe(200);
    expect(Date.parse(extended.body.claim.expiresAt)).toBeGreaterThanOrEqual(Date.parse(claimed.body.claim.expiresAt));
  });

  it('refuses an author approving their own story', async () => {
    const storyId = randomUUID();
    await submitted(storyId);

    const own = await call('POST', `/v1/reviews/${storyId}/approve`, 'chloe', { revision: 1 });

    expect(own.status).toBe(403);
    expect(own.body).toMatchObject({ type: expect.stringMatching(/four-eyes$/), status: 403 });
    expect((await reviewOnce(storyId)).status).toBe('submitted');
  });

  it('makes a decision on an old revision stale, even when the text moved under the editor’s claim', async () => {
    const storyId = randomUUID();
    await submitted(storyId);
    expect((await call('POST', `/v1/reviews/${storyId}/claim`, 'amelie')).status).toBe(200);

    await put(revision(DraftRevised, storyId, 2));
    const moved = await reviewOnce(storyId, (seen) => seen.revision === 2);
    const stale = await call('POST', `/v1/reviews/${storyId}/approve`, 'amelie', { revision: 1 });

    expect(moved).toMatchObject({ status: 'in_review', claim: { editor: amelie }, headline: 'Crue de la Seine, révision 2' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ type: expect.stringMatching(/stale-revision$/), currentRevision: 2 });
  });

  it('sends a story back, refuses to approve it until it is revised, then queues the new revision', async () => {
    const storyId = randomUUID();
    await submitted(storyId);

    const sentBack = await call('POST', `/v1/reviews/${storyId}/request-changes`, 'amelie', {
      revision: 1,
      comment: 'Sourcez la citation, s’il vous plaît.',
    });
    const approved = await call('POST', `/v1/reviews/${storyId}/approve`, 'bruno', { revision: 1 });
    await put(revision(DraftRevised, storyId, 2));
    const revised = await reviewOnce(storyId, (seen) => seen.revision === 2);

    expect(sentBack.status).toBe(200);
    expect(sentBack.body).toMatchObject({ status: 'changes_requested', claim: null });
    expect(sentBack.body.history).toEqual([
      { decision: 'changes_requested', revision: 1, by: amelie, at: expect.any(String), comment: 'Sourcez la citation, s’il vous plaît.' },
    ]);
    expect(approved.status).toBe(409);
    expect(approved.body).toMatchObject({
      type: expect.stringMatching(/story-state$/),
      detail: 'a story that is changes requested cannot be approved',
    });
    expect(revised.status).toBe('submitted');
  });

  it('announces an approval on newsroom.reviews.v1 with the whole revision, through exactly one outbox row', async () => {
    const storyId = randomUUID();
    const submittedAt = new Date(Date.now() - 60_000);
    await put(revision(DraftSubmitted, storyId, 1, 'Crue : « tout est sous contrôle »', submittedAt));
    await reviewOnce(storyId);
    expect((await call('POST', `/v1/reviews/${storyId}/claim`, 'amelie')).status).toBe(200);

    const approved = await call('POST', `/v1/reviews/${storyId}/approve`, 'amelie', { revision: 1, note: 'Très bien, à publier.' });
    const isApproval = (message: KafkaMessage) =>
      message.key?.toString() === storyId && message.headers?.ce_type?.toString() === ReviewApproved.type;
    const message = await eventually(() => reviews.messages.find(isApproval));

    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      claim: null,
      history: [{ decision: 'approved', by: amelie, note: 'Très bien, à publier.' }],
    });
    expect(message).toBeDefined();
    const headers = Object.fromEntries(Object.entries(message!.headers!).map(([name, value]) => [name, String(value)]));
    expect(headers).toMatchObject({
      ce_specversion: '1.0',
      ce_source: 'urn:newsroom:editorial',
      ce_dataschema: 'urn:newsroom:schema:newsroom.review.approved.v1',
      ce_subject: storyId,
      'content-type': 'application/json',
    });
    expect(JSON.parse(message!.value!.toString('utf8'))).toEqual({
      storyId,
      revision: 1,
      editor: amelie,
      at: expect.any(String),
      note: 'Très bien, à publier.',
      author: chloe,
      content: content('Crue : « tout est sous contrôle »'),
      submittedAt: submittedAt.toISOString(),
    });
    const outboxRows = () =>
      db.query('SELECT event_id, sent_at FROM editorial.outbox WHERE message_key = $1 AND event_type = $2', [storyId, ReviewApproved.type]);
    // The relay marks the row sent just after the broker acknowledged it.
    const rows = await eventually(async () => {
      const found = await outboxRows();
      return found.every((row: Review) => row.sent_at !== null) ? found : undefined;
    });
    expect(rows).toEqual([{ event_id: headers.ce_id, sent_at: expect.any(Date) }]);
    expect(reviews.messages.filter(isApproval)).toHaveLength(1);
  });

  it('lets one of two simultaneous decisions through and refuses the other', async () => {
    const storyId = randomUUID();
    await submitted(storyId);

    const answers = await Promise.all([
      call('POST', `/v1/reviews/${storyId}/approve`, 'amelie', { revision: 1 }),
      call('POST', `/v1/reviews/${storyId}/reject`, 'bruno', { revision: 1, reason: 'Doublon de l’article d’hier.' }),
    ]);

    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect((await reviewOnce(storyId)).history).toHaveLength(1);
    const decisions = [ReviewApproved.type, ReviewRejected.type];
    expect(
      await count('SELECT count(*) AS n FROM editorial.outbox WHERE message_key = $1 AND event_type = ANY($2)', storyId, decisions),
    ).toBe(1);
  });

  it('answers a bad body with a 400 problem naming the fields', async () => {
    const storyId = randomUUID();
    await submitted(storyId);

    const badApproval = await call('POST', `/v1/reviews/${storyId}/approve`, 'amelie', { revision: 'latest' });
    const noComment = await call('POST', `/v1/reviews/${storyId}/request-changes`, 'amelie', { revision: 1 });

    expect(badApproval.status).toBe(400);
    expect(badApproval.contentType).toMatch(/^application\/problem\+json/);
    expect(badApproval.body.errors).toEqual([{ field: 'revision', message: expect.any(String) }]);
    expect(noComment.body.errors).toEqual([{ field: 'comment', message: 'is required' }]);
    expect((await reviewOnce(storyId)).status).toBe('submitted');
  });

  it('is for editors only, and names an unknown story in a 404 problem', async () => {
    const unknown = randomUUID();

    expect((await call('GET', '/v1/reviews')).status).toBe(401);
    expect((await call('GET', '/v1/reviews', 'journalist')).status).toBe(403);
    const missing = await call('GET', `/v1/reviews/${unknown}`, 'amelie');
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toContain(unknown);
    // One 404 for any story not found, whether its id is unknown or not an id at all.
    const notAnId = await call('POST', '/v1/reviews/not-a-story/claim', 'amelie');
    expect(notAnId.status).toBe(404);
    for (const answer of [missing, notAnId]) {
      expect(answer.body).toMatchObject({ type: 'https://newsroom.example/problems/no-such-story', title: 'No such story' });
    }
  });
});
