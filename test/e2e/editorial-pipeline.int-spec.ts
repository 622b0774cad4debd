import { randomUUID } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { Consumer, Kafka, KafkaMessage, logLevel } from 'kafkajs';
import ninjsSchema from '../../libs/contracts/src/ninjs/ninjs-schema_3.1.json';
import { call, NewsroomStack, tokenFor } from '../support/newsroom-stack';
import { killLeftoverServices } from '../support/service-process';
import { eventually } from '../support/test-env';

// Written by the team for this test; every character below must come back exactly.
const headline = 'L’Assemblée adopte-t-elle enfin la loi « Climat » ?';
const standfirst = 'Après six mois de débats, les députés votent ce mardi. Élus, ONG et industriels retiennent leur souffle.';
const firstBody = [
  '<p>« Nous n’avons plus le temps d’attendre », a lancé Émilie Caron, rapporteuse du texte, à l’ouverture de la séance.</p>',
  '<p>À Paris comme à Bruxelles, l’enjeu dépasse la seule question énergétique : il s’agit d’« une transformation de nos modes de vie ».</p>',
].join('');
const revisedBody = [
  firstBody,
  '<p>Œuvre collective, le texte compte 42 articles. Ça n’a pas empêché l’opposition de déposer 1\u202f200 amendements — un record.</p>',
  '<blockquote><p>« C’est un premier pas, pas une fin », résume Élodie Martín, d’Écologie &amp; Société.</p></blockquote>',
].join('');
const byline = {
  name: 'Alice Martin',
  bio: 'Journaliste politique, Alice couvre l’Assemblée nationale depuis 2019. Elle a été correspondante à Bruxelles.',
};

interface Received {
  message: KafkaMessage;
  at: number;
}

describe('a French story from draft to the public topic', () => {
  let stack: NewsroomStack;
  let articles: Consumer;
  const published = new Map<string, Received[]>();

  beforeAll(async () => {
    // An independent downstream consumer: plain kafkajs, none of the services' code.
    const kafka = new Kafka({
      clientId: 'downstream-e2e',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      logLevel: logLevel.NOTHING,
    });
    articles = kafka.consumer({ groupId: `downstream-e2e-${randomUUID()}`, maxWaitTimeInMs: 100 });
    await articles.connect();
    await articles.subscribe({ topic: 'newsroom.articles.v1', fromBeginning: true });
    await articles.run({
      eachMessage: async ({ message }) => {
        const subject = message.headers?.ce_subject?.toString() ?? '';
        published.set(subject, [...(published.get(subject) ?? []), { message, at: Date.now() }]);
      },
    });
    stack = await NewsroomStack.start();
  });

  afterAll(async () => {
    await stack?.stop();
    await articles?.disconnect();
    killLeftoverServices();
  });

  it('is submitted, sent back, revised, approved by another editor and published byte-for-byte', async () => {
    const alice = await tokenFor(`alice-${randomUUID()}`, 'Alice Martin', ['journalist']);
    const bruno = await tokenFor(`bruno-${randomUUID()}`, 'Bruno Lefèvre', ['editor']);
    const chloe = await tokenFor(`chloe-${randomUUID()}`, 'Chloé Dubois', ['editor']);
    const { ingestion, editorial, publication } = stack.urls;

    const submitted = await call('POST', `${ingestion}/v1/drafts`, {
      token: alice,
      body: { headline, standfirst, body: firstBody, language: 'fr', section: 'Politique', tags: ['climat', 'Assemblée'], byline },
    });
    expect(submitted.status).toBe(201);
    const id: string = submitted.body.id;
    expect(submitted.headers.get('location')).toBe(`/v1/drafts/${id}`);
    expect(submitted.body).toMatchObject({ revision: 1, status: 'submitted', headline, standfirst, body: firstBody, byline });
    expect(submitted.body.slug).toMatch(/^l-?assemblee-adopte-t-elle-enfin-la-loi-climat/);

    const inQueue = await eventually(async () => {
      const review = await call('GET', `${editorial}/v1/reviews/${id}`, { token: bruno });
      return review.status === 200 ? review : undefined;
    });
    expect(inQueue?.body).toMatchObject({ revision: 1, status: 'submitted' });
    expect(inQueue?.body.content.headline).toBe(headline);

    expect((await call('POST', `${editorial}/v1/reviews/${id}/claim`, { token: bruno })).status).toBe(200);
    const comment = 'Précisez le nombre d’amendements et ajoutez une réaction.';
    const sentBack = await call('POST', `${editorial}/v1/reviews/${id}/request-changes`, { token: bruno, body: { revision: 1, comment } });
    expect(sentBack.status).toBe(200);

    const backWithAlice = await eventually(async () => {
      const draft = await call('GET', `${ingestion}/v1/drafts/${id}`, { token: alice });
      return draft.body.status === 'changes_requested' ? draft : undefined;
    });
    expect(backWithAlice?.body.feedback).toEqual(
      expect.arrayContaining([expect.objectContaining({ decision: 'changes_requested', message: comment, revision: 1 })]),
    );

    const revised = await call('PUT', `${ingestion}/v1/drafts/${id}`, {
      token: alice,
      headers: { 'if-match': '"1"' },
      body: { headline, standfirst, body: revisedBody, language: 'fr', section: 'Politique', tags: ['climat', 'Assemblée'], byline },
    });
    expect(revised.status).toBe(200);
    expect(revised.body).toMatchObject({ revision: 2, status: 'submitted', body: revisedBody });

    await eventually(async () => {
      const review = await call('GET', `${editorial}/v1/reviews/${id}`, { token: chloe });
      return review.body.revision === 2 && review.body.status === 'submitted' ? review : undefined;
    });
    const approvedAt = Date.now();
    const approved = await call('POST', `${editorial}/v1/reviews/${id}/approve`, {
      token: chloe,
      body: { revision: 2, note: 'Bon pour diffusion.' },
    });
    expect(approved.status).toBe(200);

    const received = await eventually(() => published.get(id)?.[0]);
    expect(received).toBeDefined();
    process.stdout.write(`approve → article.published seen downstream: ${received!.at - approvedAt} ms\n`);
    const { message } = received!;
    const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
    expect(message.key?.toString()).toBe(id);
    expect(headers).toMatchObject({
      ce_specversion: '1.0',
      ce_type: 'newsroom.article.published.v1',
      ce_source: 'urn:newsroom:publication',
      ce_subject: id,
      'content-type': 'application/json',
    });
    expect(headers.ce_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(headers.ce_time))).toBe(false);

    const document = JSON.parse(message.value!.toString('utf8'));
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    ajv.addSchema({ $id: 'https://geojson.org/schema/GeoJSON.json', type: 'object' });
    const validate = ajv.compile(ninjsSchema);
    expect(validate(document) ? [] : validate.errors).toEqual([]);
    expect(document).toMatchObject({ version: '1', pubStatus: 'usable', language: 'fr', by: byline.name });
    expect(document.headlines).toContainEqual(expect.objectContaining({ value: headline }));
    expect(document.bodies).toContainEqual(expect.objectContaining({ value: revisedBody, contentType: 'text/html' }));
    for (const paragraph of revisedBody.match(/<p>.*?<\/p>/g)!)
      expect(message.value!.toString('utf8')).toContain(JSON.stringify(paragraph).slice(1, -1));
    expect(JSON.stringify(document)).toContain(JSON.stringify(byline.bio));
    expect(document.altIds).toEqual(
      expect.arrayContaining([{ role: 'draft-id', value: id }, expect.objectContaining({ value: submitted.body.slug })]),
    );

    const bySlug = await call('GET', `${publication}/v1/articles/${submitted.body.slug}`);
    expect(bySlug.status).toBe(200);
    expect(bySlug.body).toEqual(document);

    const finalDraft = await eventually(async () => {
      const draft = await call('GET', `${ingestion}/v1/drafts/${id}`, { token: alice });
      return draft.body.status === 'published' ? draft : undefined;
    });
    expect(finalDraft?.body.status).toBe('published');
    expect(published.get(id)).toHaveLength(1);
  });
});
