import { defaultPoolSize, StoryTextBusy, StoryTextPool } from './story-text-pool';
import { cleanBody, measureStory } from './story-text';
import { SanitizedBody } from './sanitize-body';

describe(defaultPoolSize.name, () => {
  it('leaves a core to the event loop, keeps at least one thread and at most four, each with a bounded queue', () => {
    expect([1, 2, 3, 8, 64].map((cores) => defaultPoolSize(cores))).toEqual([
      { threads: 1, queue: 32 },
      { threads: 1, queue: 32 },
      { threads: 2, queue: 64 },
      { threads: 4, queue: 128 },
      { threads: 4, queue: 128 },
    ]);
  });
});

describe(StoryTextPool.name, () => {
  let sut: StoryTextPool;
  beforeAll(() => {
    sut = new StoryTextPool({ threads: 1, queue: 2 });
  });
  afterAll(() => sut.close());

  const hostile = [
    '<p>Été <script>x</script> &amp; « hiver »</p>',
    `<p>${'<b>'.repeat(101)}trop profond</p>`,
    `<p>a${'\u0301'.repeat(31)}</p>`,
    '<p>moitié \udc00</p>',
    '<style>p{}</style>',
  ];

  it('answers on a worker thread what the functions answer in place, refusals included', async () => {
    expect(await Promise.all(hostile.slice(0, 2).map((html) => sut.cleanBody(html)))).toEqual(hostile.slice(0, 2).map(cleanBody));
    expect(await Promise.all(hostile.slice(2).map((html) => sut.cleanBody(html)))).toEqual(hostile.slice(2).map(cleanBody));
    const content = {
      headline: 'Titre',
      body: '<p>Trois mots ici</p>' as SanitizedBody,
      language: 'fr',
      tags: [],
      byline: { name: 'A' },
      slug: 'titre',
    };
    const author = { id: 'alice', name: 'Alice Martin' };
    expect(await sut.measure(content, author)).toEqual(measureStory({ content, author }));
  });

  it('refuses work beyond its queue with StoryTextBusy, and still does what it took', async () => {
    const body = `<p>${'Un paragraphe de plus, '.repeat(8_000)}</p>`;
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () =>
        sut.cleanBody(body).then(
          () => 'cleaned',
          (err: unknown) => err,
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === 'cleaned').length).toBeGreaterThanOrEqual(2);
    expect(outcomes.filter((outcome) => outcome instanceof StoryTextBusy).length).toBeGreaterThanOrEqual(3);
    expect(outcomes.every((outcome) => outcome === 'cleaned' || outcome instanceof StoryTextBusy)).toBe(true);
  });

  it('weighs what waits by its length: the room of a few long stories holds a newsroom’s burst of short ones', async () => {
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, n) => sut.cleanBody(`<p>Brève n° ${n}, courte.</p>`)));
    expect(outcomes).toEqual(Array.from({ length: 200 }, (_, n) => ({ body: `<p>Brève n° ${n}, courte.</p>` })));
  });
});
