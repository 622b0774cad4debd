import { randomUUID } from 'node:crypto';
import { stopStoryText } from '@newsroom/content';
import { MAX_EVENT_BYTES, slugFromHeadline } from '@newsroom/contracts';
import { draftContent, DraftInput } from '../apps/ingestion/src/drafts/draft-input';
import { call, NewsroomStack, tokenFor } from './support/newsroom-stack';
import { killLeftoverServices } from './support/service-process';
import { eventually } from './support/test-env';

// Each & is 5 bytes once sanitised (&amp;): 199,000 of them were under the old 200,000-character cap,
// and made a draft that could be submitted but never published.
const ampersands = (count: number) => `<p>R${'&'.repeat(count)}D, une affaire de sigles.</p>`;
const story = (body: string, headline = 'Sigles : la grande inflation') => ({
  headline,
  body,
  language: 'fr',
  byline: { name: 'Alice Martin' },
});
const cursorOf = (json: unknown) => Buffer.from(JSON.stringify(json)).toString('base64url');
const someId = '5f0c2a8e-3b1d-4c9e-9a57-2f6d8e1b4c3a';

/** The largest count of ampersands whose story fits every event it will make, found with ingestion's own sizing. */
async function largestAcceptedCount(author: { id: string; name: string }, headline: string): Promise<number> {
  const fits = async (count: number) => {
    const input = await DraftInput.parse(story(ampersands(count), headline));
    return draftContent(input, { ...author, roles: ['journalist'] }, slugFromHeadline(headline)).then(
      () => true,
      () => false,
    );
  };
  let [low, high] = [1, 199_000];
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (await fits(middle)) low = middle;
    else high = middle;
  }
  return low;
}

const fieldsOf = (reply: { body: { errors?: { field: string }[] } }) => (reply.body.errors ?? []).map((error) => error.field);

describe('hostile input at the door', () => {
  let stack: NewsroomStack;
  const alice = { id: `alice-${randomUUID()}`, name: 'Alice Martin' };
  let aliceToken: string;
  let editorToken: string;

  beforeAll(async () => {
    stack = await NewsroomStack.start();
    aliceToken = await tokenFor(alice.id, alice.name, ['journalist']);
    editorToken = await tokenFor(`bruno-${randomUUID()}`, 'Bruno Lefèvre', ['editor']);
  });

  afterAll(async () => {
    await stack?.stop();
    killLeftoverServices();
    await stopStoryText();
  });

  const submit = (body: unknown, token = aliceToken) => call('POST', `${stack.urls.ingestion}/v1/drafts`, { token, body });
  const myDrafts = async () => (await call('GET', `${stack.urls.ingestion}/v1/drafts?limit=100`, { token: aliceToken })).body.items;

  it('refuses with 413 a body under the old cap whose events would exceed the Kafka limit, and writes nothing', async () => {
    const before = await myDrafts();
    const refused = await submit(story(ampersands(199_000)));
    expect(refused.status).toBe(413);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ type: expect.stringMatching(/story-too-large$/), maxEventBytes: MAX_EVENT_BYTES });
    expect(refused.body.overBytes).toBeGreaterThan(0);
    expect(refused.body.detail).toContain(`at least ${refused.body.overBytes} bytes`);
    expect(fieldsOf(refused)).toEqual(['body']);
    expect(await myDrafts()).toEqual(before);
  });

  it('refuses an oversized revision the same way and keeps the draft as it was', async () => {
    const draft = await submit(story('<p>Une première version, courte.</p>'));
    expect(draft.status).toBe(201);
    const revised = await call('PUT', `${stack.urls.ingestion}/v1/drafts/${draft.body.id}`, {
      token: aliceToken,
      headers: { 'if-match': '"1"' },
      body: story(ampersands(199_000)),
    });
    expect(revised.status).toBe(413);
    expect(fieldsOf(revised)).toEqual(['body']);
    const after = await call('GET', `${stack.urls.ingestion}/v1/drafts/${draft.body.id}`, { token: aliceToken });
    expect(after.body).toMatchObject({ revision: 1, body: '<p>Une première version, courte.</p>' });
  });

  it('publishes the largest story it accepts: approved with the longest note, on the read API whole', async () => {
    // A headline of its own, so that its slug is the one sized here (a taken slug gets a suffix).
    const headline = `Sigles, le record ${randomUUID().slice(0, 8)}`;
    const count = await largestAcceptedCount(alice, headline);
    expect(count).toBeGreaterThan(190_000);
    expect((await submit(story(ampersands(count + 1), headline))).status).toBe(413);
    const accepted = await submit(story(ampersands(count), headline));
    expect(accepted.status).toBe(201);
    const id: string = accepted.body.id;

    const inQueue = await eventually(async () => {
      const review = await call('GET', `${stack.urls.editorial}/v1/reviews/${id}`, { token: editorToken });
      return review.status === 200 ? review : undefined;
    });
    expect(inQueue?.status).toBe(200);
    const approved = await call('POST', `${stack.urls.editorial}/v1/reviews/${id}/approve`, {
      token: editorToken,
      body: { revision: 1, note: 'Relu, bon pour diffusion. '.repeat(76) },
    });
    expect(approved.status).toBe(200);

    const article = await eventually(async () => {
      const reply = await call('GET', `${stack.urls.publication}/v1/articles/${id}`);
      return reply.status === 200 ? reply : undefined;
    }, 30_000);
    expect(article?.body.bodies[0].value).toBe(accepted.body.body);
    expect(Buffer.byteLength(JSON.stringify(article?.body))).toBeGreaterThan(0.97 * MAX_EVENT_BYTES);
    const draft = await eventually(async () => {
      const reply = await call('GET', `${stack.urls.ingestion}/v1/drafts/${id}`, { token: aliceToken });
      return reply.body.status === 'published' ? reply : undefined;
    });
    expect(draft?.body.status).toBe('published');
  });

  it('counts emoji the same at the door and in the events: a 300-emoji headline reaches the editors', async () => {
    const headline = '🗞'.repeat(300);
    const accepted = await submit({ ...story('<p>Un texte.</p>'), headline });
    expect(accepted.status).toBe(201);
    const review = await eventually(async () => {
      const reply = await call('GET', `${stack.urls.editorial}/v1/reviews/${accepted.body.id}`, { token: editorToken });
      return reply.status === 200 ? reply : undefined;
    });
    expect(review?.body.content.headline).toBe(headline);
    expect(fieldsOf(await submit({ ...story('<p>Un texte.</p>'), headline: '🗞'.repeat(301) }))).toEqual(['headline']);
  });

  it.each<[string, string, Record<string, unknown>]>([
    ['headline', 'a right-to-left override', { headline: 'Titre \u202Egnp.exe' }],
    ['headline', 'a line break', { headline: 'Ligne\nsuivante' }],
    ['headline', 'a lone surrogate', { headline: 'Moitié \ud800 d’emoji' }],
    ['standfirst', 'a bell', { standfirst: 'Chapô \u0007 sonore' }],
    ['standfirst', 'a non-character', { standfirst: 'Non-caractère \uFFFE' }],
    ['section', 'an isolate', { section: 'Éco\u2066nomie' }],
    ['tags[1]', 'a NUL', { tags: ['climat', 'tag\u0000'] }],
    ['tags', '31 of them', { tags: Array.from({ length: 31 }, (_, n) => `t${n}`) }],
    ['byline.name', 'an override after a mark', { byline: { name: 'Alice\u200F\u202D' } }],
    ['byline.bio', 'U+10FFFF', { byline: { name: 'Alice', bio: 'Bio \u{10FFFF}' } }],
    ['language', '108,003 characters', { language: `fr-${'a'.repeat(108_000)}` }],
    ['language', 'a NUL', { language: 'fr\u0000' }],
    ['body', '102 elements deep', { body: `<p>${'<b>'.repeat(101)}trop profond</p>` }],
    ['body', '31 combining marks', { body: `<p>a${'\u0301'.repeat(31)}</p>` }],
    ['body', 'a lone surrogate', { body: '<p>moitié \udc00</p>' }],
  ])('refuses %s with 400 naming it: %s', async (field, _, fields) => {
    const before = await myDrafts();
    const refused = await submit({ ...story('<p>Un texte.</p>'), ...fields });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(fieldsOf(refused)).toEqual([field]);
    expect(await myDrafts()).toEqual(before);
  });

  const crafted = [
    ['a day that does not exist', cursorOf(['2026-02-30T08:00:00.000Z', someId])],
    ['an offset', cursorOf(['2026-11-26T08:00:00.000+99:99', someId])],
    ['year zero', cursorOf(['0000-01-01T00:00:00.000Z', someId])],
    ['a six-digit year', cursorOf(['+275760-09-13T00:00:00.000Z', someId])],
    ['no UUID', cursorOf(['2026-11-26T08:00:00.000Z', "x' OR 1=1 --"])],
    ['a NUL', encodeURIComponent('abc\u0000')],
    ['10,000 characters', 'A'.repeat(10_000)],
  ];

  it.each(crafted)('answers a crafted cursor (%s) with 400 naming cursor, on every list', async (_, cursor) => {
    const lists = [
      call('GET', `${stack.urls.ingestion}/v1/drafts?cursor=${cursor}`, { token: aliceToken }),
      call('GET', `${stack.urls.editorial}/v1/reviews?cursor=${cursor}`, { token: editorToken }),
      call('GET', `${stack.urls.publication}/v1/articles?cursor=${cursor}`),
    ];
    for (const reply of await Promise.all(lists)) {
      expect(reply.status).toBe(400);
      expect(fieldsOf(reply)).toEqual(['cursor']);
    }
  });

  it.each(['%00', 'abc%00def', '%E2%80%AE', '%F0%9F%97%9E', 'a%20b', '..%2F..%2Fetc', 'x'.repeat(90)])(
    'answers a path parameter %s with 404, never a 500',
    async (param) => {
      const replies = await Promise.all([
        call('GET', `${stack.urls.ingestion}/v1/drafts/${param}`, { token: aliceToken }),
        call('PUT', `${stack.urls.ingestion}/v1/drafts/${param}`, {
          token: aliceToken,
          headers: { 'if-match': '"1"' },
          body: story('<p>x</p>'),
        }),
        call('POST', `${stack.urls.ingestion}/v1/drafts/${param}/withdraw`, { token: aliceToken }),
        call('GET', `${stack.urls.editorial}/v1/reviews/${param}`, { token: editorToken }),
        call('GET', `${stack.urls.publication}/v1/articles/${param}`),
      ]);
      for (const reply of replies) {
        expect([400, 404]).toContain(reply.status);
        expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
    },
  );
});
