import { MAX_SLUG_LENGTH, ReviewApproved, toNinjsArticle } from '@newsroom/contracts';
import { editor, journalist, storyContent } from '@newsroom/test-factories';
import { ApprovedStory, articleSlug, firstVersion, PublishApproved } from './publish-approved';

const storyId = '3f0c2a9e-7b1d-4c8e-9f45-2d6a1b7e8c90';
const at = '2025-03-14T10:05:02.118Z';

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

  describe(firstVersion.name, () => {
    const sut = firstVersion;
    const version = sut(approved, 'retraites-3f0c2a9e', at);

    it('makes version 1 of the story, first created when it is made', () => {
      expect(version).toEqual({
        storyId,
        number: 1,
        content: { ...approved.content, slug: 'retraites-3f0c2a9e' },
        author: approved.author,
        submittedAt: approved.submittedAt,
        firstCreated: at,
        versionCreated: at,
      });
    });

    it('keeps the editor’s internal note out of the public document', () => {
      const document = toNinjsArticle(version);
      expect(document).not.toHaveProperty('edNote');
      expect(JSON.stringify(document)).not.toContain(approved.note);
    });

    it('does not change the approval it reads', () => {
      const before = JSON.stringify(approved);
      sut(approved, 'autre-slug', at);
      expect(JSON.stringify(approved)).toBe(before);
    });
  });
});
