import { randomUUID } from 'node:crypto';
import { Topics } from '@newsroom/contracts';
import { startServiceApp } from '@newsroom/platform';
import { NBSP } from '@newsroom/test-factories';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { editorialService } from '../apps/editorial/src/editorial.service';
import { ingestionService } from '../apps/ingestion/src/ingestion.service';
import { closeProducer, header, TopicTap } from './support/kafka-tap';
import { call, TEST_JWT_SECRET, tokenFor } from './support/newsroom-stack';
import { readUntil, testConfig } from './support/test-env';

const story = {
  headline: 'Marée noire : « On ramasse encore du fioul à la main »',
  standfirst: 'Trois semaines après le naufrage, les bénévoles restent mobilisés.',
  body: `<p>« On n’en voit pas la fin », soupire Yann, 64${NBSP}ans, pelle à la main.</p>`,
  language: 'fr',
  section: 'Planète',
};

describe('saved drafts: nothing reaches the editors until the author submits', () => {
  let ingestion: NestFastifyApplication;
  let editorial: NestFastifyApplication;
  let ingestionUrl: string;
  let editorialUrl: string;
  let drafts: TopicTap;
  let alice: string;
  let editor: string;

  beforeAll(async () => {
    drafts = await TopicTap.open(Topics.drafts);
    const config = { NEWSROOM_JWT_SECRET: TEST_JWT_SECRET };
    ingestion = await startServiceApp(ingestionService, testConfig(ingestionService, config));
    editorial = await startServiceApp(editorialService, testConfig(editorialService, config));
    [ingestionUrl, editorialUrl] = [await ingestion.getUrl(), await editorial.getUrl()];
    alice = await tokenFor(`alice-${randomUUID()}`, 'Alice Martin', ['journalist']);
    editor = await tokenFor(`ed-${randomUUID()}`, 'Edith Roux', ['editor']);
  });

  afterAll(async () => {
    await ingestion?.close();
    await editorial?.close();
    await drafts?.close();
    await closeProducer();
  });

  const save = (body: unknown, headers: Record<string, string> = {}) =>
    call('POST', `${ingestionUrl}/v1/drafts`, { token: alice, body: { ...body!, submit: false }, headers });
  const review = (id: string) => call('GET', `${editorialUrl}/v1/reviews/${id}`, { token: editor });

  /** A typed draft submitted after `id` reached the editors: whatever ingestion sent about `id` before it has been consumed too. */
  async function afterTheQueueCaughtUp(id: string): Promise<void> {
    const marker = await call('POST', `${ingestionUrl}/v1/drafts`, { token: alice, body: { ...story, headline: `Repère ${id}` } });
    expect(marker.status).toBe(201);
    await readUntil(
      () => review(marker.body.id),
      (answer) => answer.status === 200,
      'the marker story in the queue',
    );
  }

  it('saves a draft in status draft, edits it as a draft, and sends it to the queue only on /submit', async () => {
    const saved = await save(story);
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ ...story, status: 'draft', revision: 1, submittedAt: null });
    const id = saved.body.id as string;

    const edited = await call('PUT', `${ingestionUrl}/v1/drafts/${id}`, {
      token: alice,
      body: { ...story, headline: 'Marée noire : les bénévoles toujours sur les plages' },
      headers: { 'if-match': '"1"' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ status: 'draft', revision: 2, submittedAt: null });

    await afterTheQueueCaughtUp(id);
    expect((await review(id)).status).toBe(404);
    expect(drafts.about(id)).toEqual([]);
    // Nor do editors see another journalist's work in progress on ingestion's side.
    expect((await call('GET', `${ingestionUrl}/v1/drafts/${id}`, { token: editor })).status).toBe(404);
    const listed = await call('GET', `${ingestionUrl}/v1/drafts?status=draft`, { token: alice });
    expect((listed.body.items as { id: string }[]).map((item) => item.id)).toContain(id);

    const stale = await call('POST', `${ingestionUrl}/v1/drafts/${id}/submit`, { token: alice, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(409);
    const sent = await call('POST', `${ingestionUrl}/v1/drafts/${id}/submit`, { token: alice, headers: { 'if-match': '"2"' } });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ status: 'submitted', revision: 2, headline: 'Marée noire : les bénévoles toujours sur les plages' });
    expect(sent.body.submittedAt).toEqual(expect.any(String));

    const queued = await readUntil(
      () => review(id),
      (answer) => answer.status === 200,
      'the submitted draft in the queue',
    );
    expect(queued.body).toMatchObject({ status: 'submitted', revision: 2 });
    const events = drafts.about(id);
    expect(events.map((message) => header(message, 'ce_type'))).toEqual(['newsroom.draft.submitted.v1']);
    expect(JSON.parse(events[0].value!.toString('utf8'))).toMatchObject({
      revision: 2,
      content: { headline: 'Marée noire : les bénévoles toujours sur les plages', body: story.body },
    });

    const again = await call('POST', `${ingestionUrl}/v1/drafts/${id}/submit`, { token: alice });
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe('a story that is submitted cannot be submitted');
  });

  it('withdraws a saved draft without telling the editors, who never had it', async () => {
    const saved = await save(story);
    const id = saved.body.id as string;
    const withdrawn = await call('POST', `${ingestionUrl}/v1/drafts/${id}/withdraw`, { token: alice });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    await afterTheQueueCaughtUp(id);
    expect(drafts.about(id)).toEqual([]);
    expect((await call('POST', `${ingestionUrl}/v1/drafts/${id}/submit`, { token: alice })).status).toBe(409);
  });

  it('replays a saved draft under its Idempotency-Key, and tells a submission under the same key apart', async () => {
    const key = randomUUID();
    const first = await save(story, { 'idempotency-key': key });
    const replay = await save(story, { 'idempotency-key': key });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toMatchObject({ id: first.body.id, status: 'draft' });
    const submitted = await call('POST', `${ingestionUrl}/v1/drafts`, { token: alice, body: story, headers: { 'idempotency-key': key } });
    expect(submitted.status).toBe(422);
  });

  it('refuses a submit flag that is not true or false, naming it', async () => {
    const refused = await call('POST', `${ingestionUrl}/v1/drafts`, { token: alice, body: { ...story, submit: 'plus tard' } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'submit', message: expect.any(String) }]);
  });
});
