import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Topics } from '@newsroom/contracts';
import { startServiceApp } from '@newsroom/platform';
import { articlePage, pageArticle, pageNoise, sectionFrontPage } from '@newsroom/test-factories';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { editorialService } from '../apps/editorial/src/editorial.service';
import { ingestionService } from '../apps/ingestion/src/ingestion.service';
import { closeProducer, header, TopicTap } from './support/kafka-tap';
import { call, TEST_JWT_SECRET, tokenFor } from './support/newsroom-stack';
import { killLeftoverServices, startServiceProcess, waitUntilReady } from './support/service-process';
import { eventually, freePort, readUntil, testConfig } from './support/test-env';

const MiB = 1024 * 1024;

/** The CPU time a process's main thread has used, from /proc (utime and stime, in clock ticks of 10 ms): its worker threads' is apart. */
function mainThreadCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

describe('ingestion: saved web pages imported as drafts', () => {
  let ingestion: NestFastifyApplication;
  let editorial: NestFastifyApplication;
  let ingestionUrl: string;
  let editorialUrl: string;
  let drafts: TopicTap;
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  let aliceId: string;
  let alice: string;
  let editor: string;

  beforeAll(async () => {
    await db.connect();
    drafts = await TopicTap.open(Topics.drafts);
    const config = { NEWSROOM_JWT_SECRET: TEST_JWT_SECRET };
    ingestion = await startServiceApp(ingestionService, testConfig(ingestionService, config));
    editorial = await startServiceApp(editorialService, testConfig(editorialService, config));
    [ingestionUrl, editorialUrl] = [await ingestion.getUrl(), await editorial.getUrl()];
    aliceId = `alice-${randomUUID()}`;
    alice = await tokenFor(aliceId, 'Alice Martin', ['journalist']);
    editor = await tokenFor(`ed-${randomUUID()}`, 'Edith Roux', ['editor']);
  });

  afterAll(async () => {
    killLeftoverServices();
    await ingestion?.close();
    await editorial?.close();
    await drafts?.close();
    await closeProducer();
    await db.end();
  });

  async function importPage(
    page: string | Buffer,
    { contentType = 'text/html; charset=utf-8', query = '', token = alice, headers = {}, url = ingestionUrl } = {},
  ) {
    const response = await fetch(`${url}/v1/drafts/import${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType, ...headers },
      body: page,
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text,
    };
  }
  const draftsOfAlice = async () =>
    Number((await db.query('SELECT count(*) AS n FROM ingestion.drafts WHERE author_id = $1', [aliceId])).rows[0].n);

  it('imports the article with its headline, lead, byline, bio and every paragraph verbatim, and none of the noise', async () => {
    const imported = await importPage(articlePage());
    expect(imported.status).toBe(201);
    expect(imported.headers.get('location')).toBe(`/v1/drafts/${imported.body.id}`);
    expect(imported.body).toMatchObject({
      status: 'draft',
      revision: 1,
      headline: pageArticle.headline,
      standfirst: pageArticle.standfirst,
      byline: { name: pageArticle.byline, bio: pageArticle.bio },
      language: 'fr',
      section: pageArticle.section,
      originalUrl: pageArticle.url,
      author: { id: aliceId, name: 'Alice Martin' },
      submittedAt: null,
    });
    // The paragraphs exactly as written, in order, and nothing else between or around them.
    expect(imported.body.body.replace(/>\s+</g, '><')).toBe(pageArticle.paragraphs.join(''));
    const everything = JSON.stringify(imported.body);
    for (const noise of pageNoise) expect(everything).not.toContain(noise);
    for (const around of ['Partager', 'Copier le lien', 'Commentaires', 'À lire aussi', '2 mars 2026', pageArticle.bio])
      expect(imported.body.body).not.toContain(around);
    const read = await call('GET', `${ingestionUrl}/v1/drafts/${imported.body.id}`, { token: alice });
    expect(read.body).toMatchObject({ originalUrl: pageArticle.url, body: imported.body.body, status: 'draft' });
  });

  it('keeps an imported draft from the editors until its author submits it, then queues it like any other', async () => {
    const imported = await importPage(articlePage());
    const id = imported.body.id as string;
    const edited = await call('PUT', `${ingestionUrl}/v1/drafts/${id}`, {
      token: alice,
      body: {
        headline: 'Marées vertes : la baie de Saint-Brieuc toujours envahie',
        body: imported.body.body,
        language: 'fr',
        section: 'Planète',
      },
      headers: { 'if-match': '"1"' },
    });
    expect(edited.body).toMatchObject({ status: 'draft', revision: 2 });
    expect((await call('GET', `${editorialUrl}/v1/reviews/${id}`, { token: editor })).status).toBe(404);
    expect(drafts.about(id)).toEqual([]);

    expect((await call('POST', `${ingestionUrl}/v1/drafts/${id}/submit`, { token: alice })).status).toBe(200);
    const review = await readUntil(
      () => call('GET', `${editorialUrl}/v1/reviews/${id}`, { token: editor }),
      (answer) => answer.status === 200,
      'the imported draft in the editors’ queue',
    );
    expect(review.body).toMatchObject({ status: 'submitted', revision: 2 });
    expect(JSON.stringify(review.body)).toContain(pageArticle.paragraphs[2]);
    expect(drafts.about(id).map((message) => header(message, 'ce_type'))).toEqual(['newsroom.draft.submitted.v1']);
  });

  it('gives back the same draft for the same page under the same Idempotency-Key', async () => {
    const key = randomUUID();
    const first = await importPage(articlePage(), { headers: { 'idempotency-key': key } });
    const again = await importPage(articlePage(), { headers: { 'idempotency-key': key } });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const otherPage = await importPage(articlePage().replace(`>${pageArticle.headline}</h1>`, '>Un autre titre</h1>'), {
      headers: { 'idempotency-key': key },
    });
    expect(otherPage.status).toBe(422);
  });

  it('answers 422 for a page with no article in it, or nesting past any article page, and stores nothing', async () => {
    const before = await draftsOfAlice();
    const refused = await importPage(sectionFrontPage());
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({
      type: expect.stringMatching(/no-article$/),
      detail: expect.stringMatching(/^no article was found in this page/),
    });
    const deep = await importPage(articlePage().replace('<main>', `<main>${'<div>'.repeat(50_000)}`));
    expect(deep.status).toBe(422);
    expect(deep.body).toMatchObject({
      type: expect.stringMatching(/page-unreadable$/),
      detail: expect.stringContaining('more than 500 deep'),
    });
    expect(await draftsOfAlice()).toBe(before);
  });

  it('takes the language from the query when the page says none, and says so when neither does', async () => {
    const speechless = articlePage().replace('<html lang="fr">', '<html>');
    const refused = await importPage(speechless);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ field: 'language', message: expect.any(String) }]);
    const imported = await importPage(speechless, { query: '?language=fr-FR' });
    expect(imported.status).toBe(201);
    expect(imported.body.language).toBe('fr-FR');
  });

  it('cuts a headline past the draft’s bound at a word, and refuses nothing for it', async () => {
    const long = `${pageArticle.headline} ${'et encore des mots '.repeat(30)}`;
    const imported = await importPage(articlePage().replace(`>${pageArticle.headline}</h1>`, `>${long}</h1>`));
    expect(imported.status).toBe(201);
    expect(Array.from(imported.body.headline as string).length).toBeLessThanOrEqual(300);
    expect(imported.body.headline).toMatch(/^Marées vertes : .* mots…$/);
  });

  it('reads pages only as text/html, and drafts only as JSON', async () => {
    const asJson = await importPage(JSON.stringify({ html: articlePage() }), { contentType: 'application/json' });
    expect(asJson.status).toBe(415);
    const htmlDraft = await importPage(articlePage(), { contentType: 'text/plain' });
    expect(htmlDraft.status).toBe(415);
    const toDrafts = await fetch(`${ingestionUrl}/v1/drafts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice}`, 'content-type': 'text/html' },
      body: articlePage(),
    });
    expect(toDrafts.status).toBe(415);
    expect(((await toDrafts.json()) as { detail: string }).detail).toMatch(/^The body must be application\/json/);
    expect((await importPage(articlePage(), { contentType: 'text/html; charset=klingon' })).status).toBe(415);
    expect((await importPage(' ')).status).toBe(400);
  });

  it('reads a page in the charset it names', async () => {
    const latin1 = Buffer.from(
      articlePage().replaceAll('’', "'").replaceAll('—', '-').replaceAll('\u202f', '\u00a0').replaceAll('·', '-'),
      'latin1',
    );
    const imported = await importPage(latin1, { contentType: 'text/html; charset=iso-8859-1' });
    expect(imported.status).toBe(201);
    expect(imported.body.headline).toBe('Marées vertes : à Saint-Brieuc, « les algues reviennent chaque été »');
  });

  it('reads a 5 MiB page off the event loop, and refuses a larger one with 413', async () => {
    const comment = (i: number) =>
      `<article class="comment"><p class="comment__author">Lecteur ${i}</p><p>Commentaire numéro ${i}, bien long pour peser son poids dans la page.</p></article>`;
    const page = articlePage();
    const at = page.indexOf('</section>');
    const thread: string[] = [];
    for (let i = 0, size = Buffer.byteLength(page); size < 5 * MiB - 4096; i++) {
      thread.push(comment(i));
      size += Buffer.byteLength(thread[i]);
    }
    const heavy = page.slice(0, at) + thread.join('') + page.slice(at);
    expect(Buffer.byteLength(heavy)).toBeGreaterThan(4.9 * MiB);
    // Encoded before the clock starts: the test's own 5 MiB of UTF-8 encoding would count as the service's work.
    const heavyBytes = Buffer.from(heavy);

    // The service in a process of its own, so that its main thread's CPU is its own: in the test's process, the test's
    // garbage collection and the other in-process service's work would count too.
    const port = await freePort();
    const own = startServiceProcess('ingestion', {
      HTTP_PORT: String(port),
      KAFKA_GROUP_ID: `test-page-import-${randomUUID()}`,
      NEWSROOM_JWT_SECRET: TEST_JWT_SECRET,
    });
    const url = `http://127.0.0.1:${port}`;
    await waitUntilReady(`${url}/health/ready`, own, 60_000);
    const pid = own.child.pid!;
    // Its work after start (its relay catching up with what earlier suites left unsent, say) is not the page's.
    const quiet = await eventually(async () => {
      const before = mainThreadCpuMs(pid);
      await new Promise((resolve) => setTimeout(resolve, 500));
      return mainThreadCpuMs(pid) - before <= 20 ? true : undefined;
    }, 30_000);
    expect(quiet).toBe(true);

    const pings: number[] = [];
    let reading = true;
    const pinger = (async () => {
      while (reading) {
        const started = performance.now();
        await fetch(`${url}/health/live`);
        pings.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    // The service's main thread's CPU every 10 ms; the most it spent in any 250 ms is the longest the event loop was
    // held. Reading the page on that thread would hold it for the whole 250 ms (the read takes seconds).
    const samples: { at: number; cpuMs: number }[] = [];
    const sampler = setInterval(() => samples.push({ at: performance.now(), cpuMs: mainThreadCpuMs(pid) }), 10);
    const started = performance.now();
    const imported = await importPage(heavyBytes, { url });
    const took = performance.now() - started;
    clearInterval(sampler);
    reading = false;
    await pinger;

    expect(imported.status).toBe(201);
    expect(imported.body.body.replace(/>\s+</g, '><')).toBe(pageArticle.paragraphs.join(''));
    let busyMs = 0;
    for (let from = 0, to = 0; to < samples.length; to++) {
      while (samples[to].at - samples[from].at > 250) from++;
      busyMs = Math.max(busyMs, samples[to].cpuMs - samples[from].cpuMs);
    }
    const totalMs = samples.length ? samples[samples.length - 1].cpuMs - samples[0].cpuMs : 0;
    process.stdout.write(
      `page import: ${(Buffer.byteLength(heavy) / MiB).toFixed(2)} MiB read in ${Math.round(took)} ms; the service's main thread spent ` +
        `${totalMs} ms of CPU meanwhile, at most ${busyMs} ms in any 250 ms; /health/live answered ${pings.length} times meanwhile, slowest in ${Math.round(Math.max(...pings))} ms\n`,
    );
    expect(busyMs).toBeLessThan(150);
    expect(pings.length).toBeGreaterThan(3);

    const tooLarge = await importPage(heavy + ' '.repeat(64 * 1024));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
