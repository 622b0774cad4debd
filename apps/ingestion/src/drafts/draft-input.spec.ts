import { MAX_EVENT_BYTES, Refusal } from '@newsroom/contracts';
import { startStoryText, stopStoryText } from '@newsroom/content';
import { problemFor } from '@newsroom/platform';
import { NBSP } from '@newsroom/test-factories';
import { draftContent, DraftInput, NewDraftInput } from './draft-input';

const alice = { id: 'alice', name: 'Alice Martin', roles: ['journalist' as const] };
const valid = { headline: 'L’été « indien » ?', body: `<p>Il fait 25${NBSP}°C à Brest.</p>`, language: 'fr' };
const fieldsOf = (issues: { path: PropertyKey[]; keys?: string[] }[]) =>
  issues.map((issue) => issue.path.join('.') || issue.keys?.join(','));

afterAll(() => stopStoryText());

describe('DraftInput', () => {
  it('keeps French text exactly and fills the byline from the journalist', async () => {
    const input = await DraftInput.parse(valid);
    const content = await draftContent(input, alice, 'l-ete-indien');
    expect(content).toEqual({ ...valid, tags: [], byline: { name: 'Alice Martin' }, slug: 'l-ete-indien', wordCount: 6 });
  });

  it('treats blank optional texts as absent', async () => {
    const input = await DraftInput.parse({ ...valid, standfirst: '  ', section: '', byline: { name: 'Alice Martin', bio: '' } });
    expect(input.standfirst).toBeUndefined();
    expect(input.section).toBeUndefined();
    expect(input.byline).toEqual({ name: 'Alice Martin' });
  });

  it('counts the headline in characters, not UTF-16 units', async () => {
    expect((await DraftInput.safeParse({ ...valid, headline: '🗞️'.repeat(150) })).success).toBe(true);
    expect((await DraftInput.safeParse({ ...valid, headline: 'é'.repeat(301) })).success).toBe(false);
  });

  it('names every refused field in the order of the fields, the body cleaned apart included', async () => {
    const result = await DraftInput.safeParse({
      extra: 1,
      byline: { name: 'A', role: 'x' },
      tags: [''],
      language: 'french',
      body: '<script>x</script>',
      headline: '',
    });
    expect(result.success).toBe(false);
    expect(fieldsOf(result.error!.issues)).toEqual(['headline', 'body', 'language', 'tags.0', 'byline', 'extra']);
    expect(result.error!.issues[1].message).toBe('must contain text once unsafe HTML is removed');
  });

  it('refuses what is not a draft at all, without cleaning anything', async () => {
    for (const sent of [undefined, null, 'texte', [valid], { ...valid, body: ['<p>x</p>'] }]) {
      const result = await DraftInput.safeParse(sent);
      expect(result.success).toBe(false);
    }
    expect((await DraftInput.safeParse(undefined)).error!.issues.map((issue) => issue.path)).toEqual([[]]);
    expect(fieldsOf((await DraftInput.safeParse({ ...valid, body: 3 })).error!.issues)).toEqual(['body']);
  });

  it('refuses a body that cannot be made safe at a bounded cost, saying why', async () => {
    const result = await DraftInput.safeParse({ ...valid, body: `<p>${'<b>'.repeat(101)}trop profond</p>`, section: 'x\u0000' });
    expect(result.error!.issues.map(({ path, message }) => [path.join('.'), message])).toEqual([
      ['body', 'must not nest elements more than 100 deep'],
      ['section', 'must not contain control characters or line breaks'],
    ]);
  });

  it('refuses control characters, which are never text (and which Postgres refuses)', async () => {
    const result = await DraftInput.safeParse({ ...valid, headline: 'Titre\u0000', byline: { name: 'Alice\u0007' } });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['byline.name', 'headline']);
  });

  it('drops repeated tags', async () => {
    const input = await DraftInput.parse({ ...valid, tags: ['climat', 'climat', 'Brest'] });
    expect((await draftContent(input, alice, 'x')).tags).toEqual(['climat', 'Brest']);
  });

  it('refuses with 413 a story that would outgrow the largest event it travels in', async () => {
    const input = await DraftInput.parse({ ...valid, body: `<p>R${'&'.repeat(199_000)}D</p>` });
    let refused: unknown;
    await draftContent(input, alice, 'sigles').catch((err: unknown) => (refused = err));
    expect(refused).toBeInstanceOf(Refusal);
    const { problem } = problemFor(refused, '/v1/drafts');
    expect(problem).toMatchObject({ status: 413, maxEventBytes: MAX_EVENT_BYTES, errors: [{ field: 'body' }] });
    expect(problem.overBytes).toBeGreaterThan(0);
  });
});

describe('DraftInput while the text threads are all busy', () => {
  beforeAll(() => startStoryText({ threads: 1, queue: 1 }));
  afterAll(() => stopStoryText());

  it('answers 429 with Retry-After once the queue is full, and cleans what it took', async () => {
    const body = `<p>${'Un paragraphe de plus, '.repeat(8_000)}</p>`;
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () =>
        DraftInput.parse({ ...valid, body }).then(
          () => 'cleaned',
          (err: unknown) => problemFor(err, '/v1/drafts'),
        ),
      ),
    );
    const busy = outcomes.filter((outcome) => outcome !== 'cleaned');
    expect(outcomes.filter((outcome) => outcome === 'cleaned').length).toBeGreaterThanOrEqual(1);
    expect(busy.length).toBeGreaterThanOrEqual(3);
    for (const answer of busy) {
      expect(answer).toMatchObject({ problem: { status: 429, type: expect.stringMatching(/busy$/) }, headers: { 'Retry-After': '1' } });
    }
  });
});

describe('NewDraftInput', () => {
  it('submits by default, and saves a draft for later with submit: false', async () => {
    expect(await NewDraftInput.parse(valid)).toMatchObject({ submit: true, input: { headline: valid.headline } });
    expect(await NewDraftInput.parse({ ...valid, submit: false })).toMatchObject({ submit: false, input: { headline: valid.headline } });
  });

  it('names submit when it is not true or false, with the draft’s own problems', async () => {
    const result = await NewDraftInput.safeParse({ ...valid, headline: '', submit: 'non' });
    expect(fieldsOf(result.error!.issues)).toEqual(['headline', 'submit']);
  });
});
