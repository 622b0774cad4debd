import { StoryStatus } from '@newsroom/contracts';
import { PublicationSeen } from '../../drafts/draft.entity';
import { ArticleStep, ArticleStepSeen, draftStatusAfter, MirrorArticle, publicationAfter } from './mirror-article';

const at = '2026-03-02T10:00:00.000Z';
const step = (name: ArticleStep, version: number, extra: Partial<ArticleStepSeen> = {}): ArticleStepSeen => ({
  eventType: `newsroom.article.${name}.v1`,
  step: name,
  storyId: '0b9c7a52-3d1e-4f6a-9b8c-2e5d4f3a1b0c',
  version,
  at,
  ...extra,
});
const live = (version: number, overrides: Partial<PublicationSeen> = {}): PublicationSeen => ({
  status: 'published',
  version,
  scheduledFor: null,
  corrections: [],
  takenDown: null,
  ...overrides,
});

describe(MirrorArticle.name, () => {
  describe(publicationAfter.name, () => {
    const sut = publicationAfter;

    it('shows a scheduled story with its embargo, then live once released', () => {
      const scheduled = sut(null, step('scheduled', 1, { embargoedUntil: '2026-03-03T06:00:00.000Z' }));
      expect(scheduled).toEqual({
        status: 'scheduled',
        version: 1,
        scheduledFor: '2026-03-03T06:00:00.000Z',
        corrections: [],
        takenDown: null,
      });
      expect(sut(scheduled!, step('published', 1))).toEqual(live(1));
    });

    it('follows updates to the live version', () => {
      expect(sut(live(1), step('updated', 2))).toEqual(live(2));
    });

    it('keeps every correction note, newest first, each once', () => {
      const first = sut(live(1), step('corrected', 2, { note: 'Le chiffre du chômage était erroné.' }))!;
      const second = sut(first, step('corrected', 3, { note: 'Le nom du maire est Pérez, pas Perez.', at: '2026-03-02T11:00:00.000Z' }))!;
      expect(second.corrections).toEqual([
        { version: 3, note: 'Le nom du maire est Pérez, pas Perez.', at: '2026-03-02T11:00:00.000Z' },
        { version: 2, note: 'Le chiffre du chômage était erroné.', at },
      ]);
      expect(sut(second, step('corrected', 3, { note: 'Le nom du maire est Pérez, pas Perez.' }))).toBeUndefined();
      // An update after corrections keeps them: they are the article's record.
      expect(sut(second, step('updated', 4))?.corrections).toHaveLength(2);
    });

    it('says why and when a story was unpublished, and forgets it when republished', () => {
      const unpublished = sut(live(2), step('unpublished', 2, { note: 'Demande de l’avocat de la famille.' }));
      expect(unpublished).toEqual({ ...live(2), status: 'unpublished', takenDown: { reason: 'Demande de l’avocat de la famille.', at } });
      expect(sut(unpublished!, step('republished', 3))).toEqual(live(3));
    });

    it('treats a kill as final: nothing after it changes the view', () => {
      const killed = sut(live(2), step('killed', 2, { note: 'Décision de justice.' }))!;
      expect(killed).toMatchObject({ status: 'killed', version: 2, takenDown: { reason: 'Décision de justice.' } });
      const corrected = sut(live(2), step('corrected', 3, { note: 'Erratum.' }))!;
      expect(sut(corrected, step('killed', 3, { note: 'Décision de justice.' }))?.corrections).toEqual([]);
      for (const name of ['republished', 'updated', 'corrected', 'published'] as const) expect(sut(killed, step(name, 3))).toBeUndefined();
    });

    it('ignores a late event about an older version', () => {
      expect(sut(live(3), step('updated', 2))).toBeUndefined();
      expect(sut(live(3), step('published', 1))).toBeUndefined();
    });
  });

  describe(draftStatusAfter.name, () => {
    const sut = draftStatusAfter;

    it('approves or publishes a draft that had not yet seen its approval', () => {
      expect(sut('in_review', 'scheduled')).toEqual({ allowed: true, status: 'approved' });
      expect(sut('in_review', 'published')).toEqual({ allowed: true, status: 'published' });
      expect(sut('approved', 'updated')).toEqual({ allowed: true, status: 'published' });
    });

    it('leaves the draft alone for steps editors take on the live article, even with an update in review', () => {
      const steps: ArticleStep[] = ['corrected', 'unpublished', 'republished', 'killed'];
      for (const status of ['published', 'submitted', 'in_review'] as StoryStatus[])
        for (const name of steps) expect(sut(status, name)).toBeUndefined();
    });
  });
});
