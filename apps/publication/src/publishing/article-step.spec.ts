import { ARTICLE_ACTIONS, ArticleStatus, NinjsDocument, ninjsProblems, NinjsRoles, Refusal, StoryLimits } from '@newsroom/contracts';
import { journalist, storyContent } from '@newsroom/test-factories';
import { ArticleCommand, ArticleState, articleStep, ArticleStep, newArticle } from './article-step';

const storyId = '3f0c2a9e-7b1d-4c8e-9f45-2d6a1b7e8c90';
const t0 = '2025-03-14T10:00:00.000Z';
const t1 = '2025-03-14T11:00:00.000Z';
const approved = (revision: number, headline = 'Retraites : qu’a promis le gouvernement ?') => ({
  revision,
  content: storyContent({ headline }),
  author: journalist(),
  submittedAt: '2025-03-14T09:30:00.000Z',
});

/** One command of each action, as an editor (or the clock) would give it. */
const commands: Record<(typeof ARTICLE_ACTIONS)[number], ArticleCommand> = {
  publish: { action: 'publish', approved: approved(1) },
  schedule: { action: 'schedule', publishAt: '2025-03-15T05:00:00.000Z', approved: approved(1) },
  cancelSchedule: { action: 'cancelSchedule' },
  release: { action: 'release' },
  update: { action: 'update', approved: approved(2, 'Retraites : le texte adopté') },
  correct: { action: 'correct', changes: { headline: 'Retraites : le gouvernement promet 64 ans' }, note: 'Nous avions écrit « 62 ans ».' },
  unpublish: { action: 'unpublish', reason: 'Source à revérifier' },
  republish: { action: 'republish' },
  kill: { action: 'kill', reason: 'Décision de justice du 14 mars' },
};

const ok = (result: ArticleStep | Refusal): ArticleStep => {
  if (result instanceof Refusal) throw result;
  return result;
};

/** An article brought to `status` through the lifecycle itself, from nothing. */
function articleIn(status: ArticleStatus | null): ArticleState {
  const none = newArticle(storyId, 'retraites');
  if (status === null) return none;
  if (status === 'scheduled') return ok(articleStep(none, commands.schedule, t0)).state;
  const published = ok(articleStep(none, commands.publish, t0)).state;
  if (status === 'published') return published;
  return ok(articleStep(published, status === 'killed' ? commands.kill : commands.unpublish, t0)).state;
}

const statuses = [null, ...ArticleStatus.options];

describe(articleStep.name, () => {
  const sut = articleStep;

  describe.each(statuses)('from %s', (status) => {
    it.each(ARTICLE_ACTIONS)('%s gives a valid ninjs event, or a refusal naming the status', (action) => {
      const result = sut(articleIn(status), commands[action], t1);
      if (result instanceof Refusal) {
        expect(result.grounds).toBe('conflict');
        expect(result.message).toContain(status ?? 'not published');
        return;
      }
      expect(ninjsProblems(result.event.document)).toEqual([]);
      expect(result.event.contract.parse(result.event.document)).toBe(result.event.document);
    });
  });

  it('publishes version 1, usable, first created now', () => {
    const step = ok(sut(articleIn(null), commands.publish, t1));
    expect(step.event.contract.type).toBe('newsroom.article.published.v1');
    expect(step.event.document).toMatchObject({ version: '1', pubStatus: 'usable', firstCreated: t1, versionCreated: t1 });
    expect(step.newVersion?.number).toBe(1);
    expect(step.latest).toBe(step.event.document);
  });

  it('schedules a story withheld, with its embargo, and nothing on the latest topic', () => {
    const step = ok(sut(articleIn(null), commands.schedule, t0));
    expect(step.event.contract.type).toBe('newsroom.article.scheduled.v1');
    expect(step.event.document).toMatchObject({ pubStatus: 'withheld', embargoedUntil: '2025-03-15T05:00:00.000Z', version: '1' });
    expect(step.newVersion).toBeUndefined();
    expect(step.latest).toBeUndefined();
    expect(step.state.publishedAt).toBeNull();
  });

  it('releases a scheduled story as its version 1, published', () => {
    const step = ok(sut(articleIn('scheduled'), commands.release, t1));
    expect(step.event.contract.type).toBe('newsroom.article.published.v1');
    expect(step.event.document).toMatchObject({ version: '1', pubStatus: 'usable', firstCreated: t0, versionCreated: t1 });
    expect(step.event.document).not.toHaveProperty('embargoedUntil');
    expect(step.state).toMatchObject({ status: 'published', publishAt: null, publishedAt: t1 });
  });

  it('makes an update version 2: first created stays, version created moves', () => {
    const step = ok(sut(articleIn('published'), commands.update, t1));
    expect(step.event.contract.type).toBe('newsroom.article.updated.v1');
    expect(step.event.document).toMatchObject({ version: '2', firstCreated: t0, versionCreated: t1 });
    expect(step.event.document).toMatchObject({ headlines: [{ value: 'Retraites : le texte adopté' }] });
    expect(step.state.revision).toBe(2);
  });

  it('keeps the URL slug of the article whatever slug a later revision has', () => {
    const update: ArticleCommand = { action: 'update', approved: { ...approved(2), content: storyContent({ slug: 'autre-chose' }) } };
    expect(ok(sut(articleIn('published'), update, t1)).event.document).toMatchObject({ slugline: 'retraites' });
  });

  it('corrects as a new version carrying the note, newest first, with the correction applied', () => {
    const first = ok(sut(articleIn('published'), commands.correct, t1));
    const second = ok(
      sut(first.state, { action: 'correct', changes: { body: '<p>Corrigé.</p>', wordCount: 1 }, note: 'Deuxième note' }, t1),
    );
    expect(second.event.contract.type).toBe('newsroom.article.corrected.v1');
    expect(second.event.document).toMatchObject({
      version: '3',
      headlines: [{ value: 'Retraites : le gouvernement promet 64 ans' }],
      bodies: [{ value: '<p>Corrigé.</p>', wordCount: 1 }],
    });
    const notes = (second.event.document as NinjsDocument).descriptions
      ?.filter((d) => d.role === NinjsRoles.correction)
      .map((d) => d.value);
    expect(notes).toEqual(['Deuxième note', 'Nous avions écrit « 62 ans ».']);
    expect(second.why).toBe('Deuxième note');
  });

  it(`refuses a correction beyond ${StoryLimits.corrections}, every note being public`, () => {
    let state = articleIn('published');
    for (let n = 0; n < StoryLimits.corrections; n++) state = ok(sut(state, commands.correct, t1)).state;
    const refusal = sut(state, commands.correct, t1);
    expect(refusal).toBeInstanceOf(Refusal);
    expect((refusal as Refusal).grounds).toBe('unprocessable');
  });

  it('unpublishes as canceled with the reason, a tombstone on the latest topic, the version unchanged', () => {
    const step = ok(sut(articleIn('published'), commands.unpublish, t1));
    expect(step.event.contract.type).toBe('newsroom.article.unpublished.v1');
    expect(step.event.document).toMatchObject({ pubStatus: 'canceled', edNote: 'Source à revérifier', version: '1' });
    expect(step.latest).toBeNull();
  });

  it('republishes as a new version', () => {
    const step = ok(sut(articleIn('unpublished'), commands.republish, t1));
    expect(step.event.contract.type).toBe('newsroom.article.republished.v1');
    expect(step.event.document).toMatchObject({ version: '2', pubStatus: 'usable' });
    expect(step.latest).toBe(step.event.document);
  });

  it('cancels a schedule into a withheld article that was never public, published as version 1 when republished', () => {
    const cancelled = ok(sut(articleIn('scheduled'), commands.cancelSchedule, t1));
    expect(cancelled.event.contract.type).toBe('newsroom.article.unpublished.v1');
    expect(cancelled.state).toMatchObject({ status: 'unpublished', publishAt: null, publishedAt: null });
    const back = ok(sut(cancelled.state, commands.republish, t1));
    expect(back.event.contract.type).toBe('newsroom.article.published.v1');
    expect(back.event.document).toMatchObject({ version: '1' });
  });

  it('kills with no content left: the minimum document, a tombstone, and the purge', () => {
    const step = ok(sut(articleIn('published'), commands.kill, t1));
    expect(step.event.contract.type).toBe('newsroom.article.killed.v1');
    expect(Object.keys(step.event.document).sort()).toEqual(['edNote', 'pubStatus', 'standard', 'uri', 'version', 'versionCreated']);
    expect(JSON.stringify(step.event.document)).not.toContain('Retraites');
    expect(step).toMatchObject({ latest: null, purge: true });
    expect(step.state).toMatchObject({ status: 'killed', content: null, author: null, corrections: [] });
  });
});
