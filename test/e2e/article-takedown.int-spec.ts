import { randomUUID } from 'node:crypto';
import { Topics } from '@newsroom/contracts';
import { Client } from 'pg';
import { header, TopicTap } from '../support/kafka-tap';
import { call, NewsroomStack, tokenFor } from '../support/newsroom-stack';
import { killLeftoverServices } from '../support/service-process';
import { readUntil } from '../support/test-env';

const NBSP = '\u00a0';
const story = {
  headline: `Affaire des marchés publics${NBSP}: le maire de Pontoise mis en cause`,
  standfirst: 'Selon nos informations, trois contrats auraient été attribués sans appel d’offres.',
  body: `<p>«${NBSP}Tout a été fait dans les règles${NBSP}», assure l’adjoint aux finances.</p><p>Le montant s’élève à 2,4${NBSP}millions d’euros.</p>`,
  language: 'fr',
  section: 'Politique',
};

type Body = Record<string, any>;

/** The services as processes: a story corrected, unpublished, republished and killed, as its readers, its author and a consumer see it. */
describe('an article corrected, taken down and killed', () => {
  let stack: NewsroomStack;
  let articles: TopicTap;
  let latest: TopicTap;
  const db = new Client({ connectionString: process.env.DATABASE_URL });

  beforeAll(async () => {
    await db.connect();
    stack = await NewsroomStack.start();
    articles = await TopicTap.open(Topics.articles);
    latest = await TopicTap.open(Topics.articlesLatest);
  });

  afterAll(async () => {
    await stack?.stop();
    await articles?.close();
    await latest?.close();
    await db.end();
    killLeftoverServices();
  });

  it('shows each step to readers, feeds, the author and the topics, and leaves nothing of a killed story', async () => {
    const alice = await tokenFor(`alice-${randomUUID()}`, 'Alice Martin', ['journalist']);
    const bruno = await tokenFor(`bruno-${randomUUID()}`, 'Bruno Lefèvre', ['editor']);
    const { ingestion, editorial, publication } = stack.urls;
    const draft = (await call('POST', `${ingestion}/v1/drafts`, { token: alice, body: story })).body as Body;
    const id = draft.id as string;
    const mine = () => call('GET', `${ingestion}/v1/drafts/${id}`, { token: alice }).then((reply) => reply.body as Body);
    const read = () => call('GET', `${publication}/v1/articles/${id}`);
    const feed = async () => (await fetch(`${publication}/v1/feeds/rss.xml`)).text();
    const desk = (action: string, body?: unknown) =>
      call('POST', `${publication}/v1/articles/${id}/${action}`, { token: bruno, ...(body !== undefined && { body }) });

    await readUntil(
      () => call('GET', `${editorial}/v1/reviews/${id}`, { token: bruno }),
      (reply) => reply.status === 200,
      'the review',
    );
    expect((await call('POST', `${editorial}/v1/reviews/${id}/approve`, { token: bruno, body: { revision: 1 } })).status).toBe(200);
    await readUntil(read, (reply) => reply.status === 200, 'the article');
    expect(await feed()).toContain('Affaire des marchés publics');

    // A correction: version 2, its note public on the API, the topic and the author's view.
    const note = `Le montant est de 2,4${NBSP}millions d’euros, et non de 24${NBSP}millions.`;
    const corrected = await desk('corrections', { body: `<p>Le montant s’élève à 2,4${NBSP}millions d’euros.</p>`, note });
    expect(corrected.status).toBe(201);
    const v2 = await readUntil(read, (reply) => reply.body?.version === '2', 'version 2');
    expect(v2.body.descriptions).toContainEqual({ role: 'correction', contentType: 'text/plain', value: note });
    const seenCorrected = await readUntil(mine, (seen) => seen.publication?.corrections?.length === 1, 'the correction mirrored');
    expect(seenCorrected.publication.corrections[0]).toMatchObject({ version: 2, note });

    // Unpublished: 410 for readers, out of the feed, the reason for the author, a tombstone for bootstrapping consumers.
    expect((await desk('unpublish', { reason: 'Le maire conteste ; vérifications en cours.' })).status).toBe(200);
    expect((await readUntil(read, (reply) => reply.status === 410, '410 once unpublished')).headers.get('content-type')).toMatch(
      /^application\/problem\+json/,
    );
    expect(await feed()).not.toContain('Affaire des marchés publics');
    const takenDown = await readUntil(mine, (seen) => seen.publication?.status === 'unpublished', 'the unpublish mirrored');
    expect(takenDown.publication.takenDown).toMatchObject({ reason: 'Le maire conteste ; vérifications en cours.' });

    // Republished as version 3, then killed for good.
    expect((await desk('republish')).body).toMatchObject({ status: 'published', version: 3 });
    await readUntil(read, (reply) => reply.body?.version === '3', 'version 3');
    expect((await desk('kill', { reason: 'Ordonnance du tribunal judiciaire de Pontoise' })).status).toBe(200);
    const gone = await readUntil(read, (reply) => reply.status === 410, '410 once killed');
    expect(JSON.stringify(gone.body)).not.toContain('marchés');
    expect((await call('GET', `${publication}/v1/articles/${id}/versions/1`)).status).toBe(410);
    expect(await feed()).not.toContain('Affaire des marchés publics');
    expect((await desk('republish')).status).toBe(409);
    const killed = await readUntil(mine, (seen) => seen.publication?.status === 'killed', 'the kill mirrored');
    expect(killed.publication.takenDown).toMatchObject({ reason: 'Ordonnance du tribunal judiciaire de Pontoise' });

    // The topics: every step once and in order; the latest state ends in a tombstone.
    const steps = await readUntil(
      async () => articles.about(id).map((message) => header(message, 'ce_type')),
      (types) => types.length >= 5,
      'five article events',
    );
    expect(steps).toEqual([
      'newsroom.article.published.v1',
      'newsroom.article.corrected.v1',
      'newsroom.article.unpublished.v1',
      'newsroom.article.republished.v1',
      'newsroom.article.killed.v1',
    ]);
    const states = await readUntil(
      async () => latest.about(id),
      (messages) => messages.length >= 5,
      'five latest-state records',
    );
    expect(states.map((message) => message.value === null)).toEqual([false, false, true, false, true]);

    // Publication keeps who, when and why, and none of the words.
    const words = await readUntil(
      async () =>
        (
          await db.query(
            `SELECT (SELECT count(*)::int FROM publication.articles WHERE id = $1 AND document::text LIKE '%marchés%')
                  + (SELECT count(*)::int FROM publication.article_versions WHERE story_id = $1 AND document IS NOT NULL)
                  + (SELECT count(*)::int FROM publication.outbox WHERE message_key = $2 AND payload LIKE '%marchés%') AS n`,
            [id, id],
          )
        ).rows[0].n as number,
      (n) => n === 0,
      'the words purged',
    );
    expect(words).toBe(0);
    const history = await db.query('SELECT action, by_name FROM publication.article_actions WHERE story_id = $1 ORDER BY id', [id]);
    expect(history.rows.map((row) => row.action)).toEqual(['publish', 'correct', 'unpublish', 'republish', 'kill']);
    expect(new Set(history.rows.map((row) => row.by_name))).toEqual(new Set(['Bruno Lefèvre']));
  });
});
