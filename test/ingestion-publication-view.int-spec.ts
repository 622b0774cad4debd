import { randomUUID } from 'node:crypto';
import {
  ArticleCorrected,
  ArticleKilled,
  ArticlePublished,
  ArticleRepublished,
  ArticleScheduled,
  ArticleUnpublished,
  ArticleUpdated,
  articleUri,
  CloudEvent,
  createEvent,
  DraftRevised,
  EventContract,
  NINJS_SCHEMA_URI,
  NinjsDocument,
  NinjsKilledDocument,
  ReviewApproved,
  Topics,
} from '@newsroom/contracts';
import { startServiceApp } from '@newsroom/platform';
import { NBSP, storyContent } from '@newsroom/test-factories';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { ingestionService } from '../apps/ingestion/src/ingestion.service';
import { closeProducer, header, produce, TopicTap } from './support/kafka-tap';
import { call, TEST_JWT_SECRET, tokenFor } from './support/newsroom-stack';
import { eventually, testConfig } from './support/test-env';

const PUBLICATION = '/newsroom/publication';
const story = {
  headline: 'Inondations dans le Gard : « la décrue est lente »',
  body: `<p>Le Vidourle est sorti de son lit${NBSP}: 300 foyers évacués.</p>`,
  language: 'fr',
  section: 'Société',
};

/** The article's ninjs document as publication would send it, at `version`. */
function article(storyId: string, version: number, extra: Partial<NinjsDocument> = {}): NinjsDocument {
  const at = new Date().toISOString();
  return {
    uri: articleUri(storyId),
    standard: { name: 'ninjs', version: '3.1', schema: NINJS_SCHEMA_URI },
    type: 'text',
    representationType: 'full',
    version: String(version),
    firstCreated: at,
    versionCreated: at,
    pubStatus: 'usable',
    language: 'fr',
    headlines: [{ role: 'main', contentType: 'text/plain', value: story.headline }],
    bodies: [{ role: 'main', contentType: 'text/html', value: story.body }],
    ...extra,
  };
}

describe('ingestion: the publication side of a journalist’s draft', () => {
  let app: NestFastifyApplication;
  let url: string;
  let drafts: TopicTap;
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  let alice: string;
  let editorToken: string;

  beforeAll(async () => {
    await db.connect();
    drafts = await TopicTap.open(Topics.drafts);
    app = await startServiceApp(ingestionService, testConfig(ingestionService, { NEWSROOM_JWT_SECRET: TEST_JWT_SECRET }));
    url = await app.getUrl();
    alice = await tokenFor(`alice-${randomUUID()}`, 'Alice Martin', ['journalist']);
    editorToken = await tokenFor(`ed-${randomUUID()}`, 'Édith Roux', ['editor']);
  });

  afterAll(async () => {
    await app?.close();
    await drafts?.close();
    await closeProducer();
    await db.end();
  });

  const submitted = async () => (await call('POST', `${url}/v1/drafts`, { token: alice, body: story })).body;
  const read = async (id: string, token = alice) => (await call('GET', `${url}/v1/drafts/${id}`, { token })).body;
  const readOnce = async (id: string, ready: (draft: Record<string, any>) => boolean) => {
    const draft = await eventually(async () => {
      const seen = await read(id);
      return ready(seen) ? seen : undefined;
    });
    if (!draft) throw new Error(`draft ${id} never reached the expected state: ${JSON.stringify(await read(id))}`);
    return draft;
  };
  const announce = (contract: EventContract<any>, storyId: string, document: NinjsDocument | NinjsKilledDocument): CloudEvent =>
    createEvent(contract, PUBLICATION, storyId, document);
  const revise = (id: string, revision: number, headline: string) =>
    call('PUT', `${url}/v1/drafts/${id}`, { token: alice, body: { ...story, headline }, headers: { 'if-match': `"${revision}"` } });

  it('follows the article through every step, and lets the author update it only while it is live', async () => {
    const draft = await submitted();
    await produce(Topics.articles, announce(ArticlePublished, draft.id, article(draft.id, 1)));
    const live = await readOnce(draft.id, (seen) => seen.status === 'published');
    expect(live.publication).toEqual({ status: 'published', version: 1, scheduledFor: null, corrections: [], takenDown: null });

    // The author updates the live story: back to the queue, draft.revised naming version 1.
    const update = await revise(draft.id, 1, 'Inondations dans le Gard : la décrue a commencé');
    expect(update.status).toBe(200);
    expect(update.body).toMatchObject({ revision: 2, status: 'submitted', publication: { status: 'published', version: 1 } });
    const revised = await eventually(() => drafts.about(draft.id).find((message) => header(message, 'ce_type') === DraftRevised.type));
    expect(JSON.parse(revised!.value!.toString('utf8'))).toMatchObject({ revision: 2, updates: { version: 1 } });
    const withdrawn = await call('POST', `${url}/v1/drafts/${draft.id}/withdraw`, { token: alice });
    expect(withdrawn.status).toBe(409);
    expect(withdrawn.body.detail).toBe('a story whose article is published cannot be withdrawn');

    // Editors approve it; publication announces version 2; an editor then corrects it twice, one event delivered twice.
    const note = (text: string) => ({ descriptions: [{ role: 'correction', contentType: 'text/plain', value: text }] });
    const first = announce(ArticleCorrected, draft.id, article(draft.id, 3, note('Le Vidourle, et non le Gardon.')));
    await produce(
      Topics.articles,
      announce(ArticleUpdated, draft.id, article(draft.id, 2)),
      first,
      first,
      announce(ArticleCorrected, draft.id, article(draft.id, 4, note(`300 foyers, et non 3${NBSP}000.`))),
    );
    const corrected = await readOnce(draft.id, (seen) => seen.publication?.version === 4);
    expect(corrected.status).toBe('published');
    expect(corrected.publication.corrections).toEqual([
      { version: 4, note: `300 foyers, et non 3${NBSP}000.`, at: expect.any(String) },
      { version: 3, note: 'Le Vidourle, et non le Gardon.', at: expect.any(String) },
    ]);
    const { rows } = await db.query('SELECT count(*)::int AS n FROM ingestion.inbox WHERE event_id = $1', [first.id]);
    expect(rows[0].n).toBe(1);

    // Unpublished: shown with its reason, and no revision is taken.
    await produce(
      Topics.articles,
      announce(ArticleUnpublished, draft.id, article(draft.id, 4, { pubStatus: 'canceled', edNote: 'Vérification en cours.' })),
    );
    const unpublished = await readOnce(draft.id, (seen) => seen.publication?.status === 'unpublished');
    expect(unpublished.publication.takenDown).toEqual({ reason: 'Vérification en cours.', at: expect.any(String) });
    const refused = await revise(draft.id, 2, 'Encore une version');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ detail: 'a story whose article is unpublished cannot be revised', articleStatus: 'unpublished' });

    // Republished, then killed: final, shown to editors as to the author.
    await produce(Topics.articles, announce(ArticleRepublished, draft.id, article(draft.id, 5)));
    await readOnce(draft.id, (seen) => seen.publication?.status === 'published' && seen.publication.version === 5);
    const killed: NinjsKilledDocument = {
      uri: articleUri(draft.id),
      standard: { name: 'ninjs', version: '3.1', schema: NINJS_SCHEMA_URI },
      version: '5',
      versionCreated: new Date().toISOString(),
      pubStatus: 'canceled',
      edNote: 'Décision du tribunal judiciaire de Nîmes.',
    };
    await produce(Topics.articles, announce(ArticleKilled, draft.id, killed));
    const dead = await readOnce(draft.id, (seen) => seen.publication?.status === 'killed');
    expect(dead.publication).toMatchObject({ version: 5, takenDown: { reason: 'Décision du tribunal judiciaire de Nîmes.' } });
    expect((await read(draft.id, editorToken)).publication.status).toBe('killed');
    const afterKill = await revise(draft.id, 2, 'Une dernière version');
    expect(afterKill.status).toBe(409);
    expect(afterKill.body.detail).toBe('a story whose article is killed cannot be revised');
  });

  it('shows an embargo even when it overtakes the approval, and refuses a revision until the story is out', async () => {
    const draft = await submitted();
    const embargo = new Date(Date.now() + 3_600_000).toISOString();
    await produce(
      Topics.articles,
      announce(ArticleScheduled, draft.id, article(draft.id, 1, { pubStatus: 'withheld', embargoedUntil: embargo })),
    );
    const scheduled = await readOnce(draft.id, (seen) => seen.publication?.status === 'scheduled');
    expect(scheduled.status).toBe('approved');
    expect(scheduled.publication).toEqual({ status: 'scheduled', version: 1, scheduledFor: embargo, corrections: [], takenDown: null });
    expect((await revise(draft.id, 1, 'Trop tôt')).body.detail).toBe('a story whose article is scheduled cannot be revised');

    // The approval that the embargo overtook changes nothing; the release publishes.
    const approval = createEvent(ReviewApproved, '/newsroom/editorial', draft.id, {
      storyId: draft.id,
      revision: 1,
      editor: { id: 'ed-9', name: 'Hélène Faure' },
      at: new Date().toISOString(),
      author: draft.author,
      content: storyContent({ ...story, byline: draft.byline, slug: draft.slug, wordCount: draft.wordCount }),
      submittedAt: draft.submittedAt,
      publishAt: embargo,
    });
    // Other suites' publication instances share this database: were this approval new to its inbox, one of them would
    // schedule the article for real, and its article.scheduled could land after the release below.
    await db.query(`INSERT INTO publication.inbox (event_id, event_type, topic, kafka_partition, kafka_offset) VALUES ($1, $2, $3, 0, 0)`, [
      approval.id,
      approval.type,
      Topics.reviews,
    ]);
    await produce(Topics.reviews, approval);
    await readOnce(draft.id, (seen) => seen.feedback?.length === 1);
    await produce(Topics.articles, announce(ArticlePublished, draft.id, article(draft.id, 1)));
    const released = await readOnce(draft.id, (seen) => seen.publication?.status === 'published');
    expect(released).toMatchObject({ status: 'published', publication: { version: 1, scheduledFor: null } });
  });
});
