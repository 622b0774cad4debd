import { MAX_SLUG_LENGTH, ReviewApproved } from '@newsroom/contracts';
import { editor, journalist, storyContent } from '@newsroom/test-factories';
import { newArticle } from '../article-step';
import { ApprovedStory, approvalCommand, articleSlug, PublishApproved } from './publish-approved';

const storyId = '3f0c2a9e-7b1d-4c8e-9f45-2d6a1b7e8c90';

const approved: ApprovedStory = ReviewApproved.parse({
  storyId,
  revision: 3,
  editor: editor(),
  at: '2025-03-14T10:05:00+01:00',
  note: 'Vérifié le chiffre des 64 ans avec le service politique ; ne pas publier avant 11 h.',
  author: journalist(),
  submittedAt: '2025-03-14T09:30:00+01:00',
  content: storyContent(),
});

describe(PublishApproved.name, () => {
  describe(articleSlug.name, () => {
    const sut = articleSlug;

    it('keeps the slug the story asks for when no article has it', () => {
      expect(sut('retraites-ce-qua-promis-le-gouvernement', storyId, false)).toBe('retraites-ce-qua-promis-le-gouvernement');
    });

    it('adds the start of the story id when another article has it', () => {
      expect(sut('retraites-ce-qua-promis-le-gouvernement', storyId, true)).toBe('retraites-ce-qua-promis-le-gouvernement-3f0c2a9e');
    });

    it('stays within the slug length a long slug already fills', () => {
      const long = Array.from({ length: 15 }, (_, n) => `mot${n}`).join('-');
      const slug = sut(long, storyId, true);
      expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
      expect(slug).toMatch(/^mot0-mot1-.*-3f0c2a9e$/);
    });
  });

  describe(approvalCommand.name, () => {
    const sut = approvalCommand;
    const now = new Date('2025-03-14T10:05:02.118Z');
    const none = newArticle(storyId, 'retraites');
    const revision = { revision: 3, content: approved.content, author: approved.author, submittedAt: approved.submittedAt };

    it('publishes a story that has no article yet at once', () => {
      expect(sut(none, approved, now)).toEqual({ action: 'publish', approved: revision });
    });

    it('schedules it when the approval names a time to come', () => {
      const later = { ...approved, publishAt: '2025-03-15T05:00:00.000Z' };
      expect(sut(none, later, now)).toEqual({ action: 'schedule', publishAt: '2025-03-15T05:00:00.000Z', approved: revision });
    });

    it('publishes at once when the time named has passed by the time the approval arrives', () => {
      expect(sut(none, { ...approved, publishAt: '2025-03-14T10:05:00.000Z' }, now)).toEqual({ action: 'publish', approved: revision });
    });

    it('makes a newer revision of a published story its next version', () => {
      expect(sut({ ...none, status: 'published', revision: 2 }, approved, now)).toEqual({ action: 'update', approved: revision });
    });

    it.each([
      ['the same revision, approved again', { status: 'published' as const, revision: 3 }],
      ['an older revision', { status: 'published' as const, revision: 4 }],
      ['a scheduled article', { status: 'scheduled' as const, revision: 2 }],
      ['an unpublished article', { status: 'unpublished' as const, revision: 2 }],
      ['a killed article', { status: 'killed' as const, revision: 2 }],
    ])('asks nothing of %s', (_, article) => {
      expect(sut({ ...none, ...article }, approved, now)).toBeNull();
    });

    it('keeps the editor’s internal note out of what the article is made of', () => {
      expect(JSON.stringify(sut(none, approved, now))).not.toContain(approved.note);
    });
  });
});
