import { randomUUID } from 'node:crypto';
import { call, NewsroomStack, tokenFor } from '../support/newsroom-stack';
import { killLeftoverServices } from '../support/service-process';
import { readUntil } from '../support/test-env';

const NBSP = '\u00a0';
const story = {
  headline: 'Incendie à Marseille : 200 hectares brûlés',
  standfirst: 'Le feu a pris en fin de matinée dans le massif de l’Étoile.',
  body: `<p>« Le vent complique tout », explique le commandant des pompiers.</p><p>200${NBSP}hectares ont brûlé.</p>`,
  language: 'fr',
  section: 'Société',
};
const update = {
  ...story,
  headline: 'Incendie à Marseille : 350 hectares brûlés, le feu est fixé',
  body: `<p>« Le vent complique tout », explique le commandant des pompiers.</p><p>350${NBSP}hectares ont brûlé ; le feu est fixé depuis 18${NBSP}h.</p>`,
};

type Body = Record<string, any>;

/** The services as processes: a journalist updates a published story, editors see and approve the update, readers get version 2. */
describe('a developing story, updated after publication', () => {
  let stack: NewsroomStack;

  beforeAll(async () => {
    stack = await NewsroomStack.start();
  });

  afterAll(async () => {
    await stack?.stop();
    killLeftoverServices();
  });

  it('goes back through review as an update of version 1 and comes out as version 2, the author seeing each step', async () => {
    const alice = await tokenFor(`alice-${randomUUID()}`, 'Alice Martin', ['journalist']);
    const bruno = await tokenFor(`bruno-${randomUUID()}`, 'Bruno Lefèvre', ['editor']);
    const { ingestion, editorial, publication } = stack.urls;
    const draft = (await call('POST', `${ingestion}/v1/drafts`, { token: alice, body: story })).body as Body;
    const review = () => call('GET', `${editorial}/v1/reviews/${draft.id}`, { token: bruno }).then((reply) => reply.body as Body);
    const mine = () => call('GET', `${ingestion}/v1/drafts/${draft.id}`, { token: alice }).then((reply) => reply.body as Body);

    await readUntil(review, (seen) => seen.revision === 1, 'the story in the queue');
    expect((await call('POST', `${editorial}/v1/reviews/${draft.id}/approve`, { token: bruno, body: { revision: 1 } })).status).toBe(200);
    const live = await readUntil(mine, (seen) => seen.publication?.status === 'published', 'the story published');
    expect(live).toMatchObject({ status: 'published', publication: { version: 1, corrections: [] } });

    const revised = await call('PUT', `${ingestion}/v1/drafts/${draft.id}`, { token: alice, body: update, headers: { 'if-match': '"1"' } });
    expect(revised.status).toBe(200);
    expect(revised.body).toMatchObject({ revision: 2, status: 'submitted' });

    const queued = await readUntil(review, (seen) => seen.revision === 2, 'the update in the queue');
    expect(queued).toMatchObject({ status: 'submitted', updates: { version: 1 }, content: { headline: update.headline } });
    const diff = (await call('GET', `${editorial}/v1/reviews/${draft.id}/diff`, { token: bruno })).body as Body;
    expect(diff).toMatchObject({ from: 1, to: 2, updates: { version: 1 } });
    const added = (part: Body) => part.changes.filter((change: Body) => change.type === 'added').map((change: Body) => change.text);
    expect(added(diff.headline)).toEqual(['350', ', le feu est fixé']);
    expect(added(diff.body)).toEqual(['350', ` ; le feu est fixé depuis 18${NBSP}h`]);

    const later = new Date(Date.now() + 3_600_000).toISOString();
    const embargoed = await call('POST', `${editorial}/v1/reviews/${draft.id}/approve`, {
      token: bruno,
      body: { revision: 2, publishAt: later },
    });
    expect(embargoed.status).toBe(409);
    expect((await call('POST', `${editorial}/v1/reviews/${draft.id}/approve`, { token: bruno, body: { revision: 2 } })).status).toBe(200);

    const updated = await readUntil(mine, (seen) => seen.publication?.version === 2, 'version 2 mirrored');
    expect(updated).toMatchObject({ status: 'published', revision: 2, publication: { status: 'published', version: 2 } });
    const article = await call('GET', `${publication}/v1/articles/${draft.id}`);
    expect(article.body).toMatchObject({ version: '2', headlines: [{ value: update.headline }] });
    expect(article.body.bodies[0].value).toBe(update.body);

    const history = (await call('GET', `${editorial}/v1/reviews/${draft.id}/history`, { token: bruno })).body as Body;
    expect(history.entries.map((entry: Body) => `${entry.action} ${entry.revision}`)).toEqual([
      'submitted 1',
      'approved 1',
      'revised 2',
      'approved 2',
    ]);
    expect(history.entries[2]).toMatchObject({ updates: { version: 1 }, by: { name: 'Alice Martin' } });
  });

  it('shows the author an embargo, then the release, and takes no revision while it waits', async () => {
    const alice = await tokenFor(`alice-${randomUUID()}`, 'Alice Martin', ['journalist']);
    const bruno = await tokenFor(`bruno-${randomUUID()}`, 'Bruno Lefèvre', ['editor']);
    const { ingestion, editorial } = stack.urls;
    const draft = (await call('POST', `${ingestion}/v1/drafts`, { token: alice, body: story })).body as Body;
    const mine = () => call('GET', `${ingestion}/v1/drafts/${draft.id}`, { token: alice }).then((reply) => reply.body as Body);
    await readUntil(
      () => call('GET', `${editorial}/v1/reviews/${draft.id}`, { token: bruno }),
      (reply) => reply.status === 200,
      'the story in the queue',
    );

    const publishAt = new Date(Date.now() + 4_000).toISOString();
    const approved = await call('POST', `${editorial}/v1/reviews/${draft.id}/approve`, { token: bruno, body: { revision: 1, publishAt } });
    expect(approved.status).toBe(200);
    const waiting = await readUntil(mine, (seen) => seen.publication?.status === 'scheduled', 'the embargo mirrored');
    expect(waiting).toMatchObject({ status: 'approved', publication: { version: 1, scheduledFor: publishAt } });
    const early = await call('PUT', `${ingestion}/v1/drafts/${draft.id}`, { token: alice, body: update, headers: { 'if-match': '"1"' } });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ articleStatus: 'scheduled' });

    const released = await readUntil(mine, (seen) => seen.publication?.status === 'published', 'the release mirrored');
    expect(released).toMatchObject({ status: 'published', publication: { version: 1, scheduledFor: null } });
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(publishAt));
  });
});
