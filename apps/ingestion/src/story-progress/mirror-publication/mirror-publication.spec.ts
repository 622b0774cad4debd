import { StoryStatus } from '@newsroom/contracts';
import { MirrorPublication, publicationTransition } from './mirror-publication';

describe(MirrorPublication.name, () => {
  describe(publicationTransition.name, () => {
    const sut = publicationTransition;

    it('publishes an approved draft', () => {
      expect(sut('approved')).toEqual({ allowed: true, status: 'published' });
    });

    it('publishes a draft whose approval has not arrived yet: the publication implies it', () => {
      expect(sut('submitted')).toEqual({ allowed: true, status: 'published' });
      expect(sut('in_review')).toEqual({ allowed: true, status: 'published' });
    });

    it('leaves every other status as it is, naming it', () => {
      const others = StoryStatus.options.filter((status) => !['approved', 'submitted', 'in_review'].includes(status));
      for (const status of others) expect(sut(status)).toMatchObject({ allowed: false, status, action: 'publish' });
      expect(sut('published').allowed).toBe(false);
    });
  });
});
