import { draftRequest, journalist, NBSP, storyContent } from '@newsroom/test-factories';
import { DraftInput } from '../draft-input';
import { newDraft, SubmitDraft } from './submit-draft';

describe(SubmitDraft.name, () => {
  describe(newDraft.name, () => {
    const sut = newDraft;
    const author = { ...journalist(), roles: ['journalist' as const] };
    const now = new Date('2026-03-02T08:30:00.000Z');

    it('starts at revision 1, submitted, with the content as the newsroom stores it', async () => {
      const input = await DraftInput.parse(draftRequest());
      const draft = await sut('draft-1', author, input, 'retraites-ce-qua-promis-le-gouvernement', now);
      expect(draft).toEqual({
        id: 'draft-1',
        revision: 1,
        status: 'submitted',
        authorId: author.id,
        authorName: author.name,
        content: storyContent(),
        slug: 'retraites-ce-qua-promis-le-gouvernement',
        createdAt: now,
        updatedAt: now,
        revisionSubmittedAt: now,
        originalUrl: null,
        publication: null,
      });
    });

    it('saves a draft for later when the journalist does not submit it yet', async () => {
      const input = await DraftInput.parse(draftRequest());
      expect(await sut('draft-1', author, input, 'x', now, { submit: false })).toMatchObject({ revision: 1, status: 'draft' });
    });

    it('counts the words of the sanitised body', async () => {
      const input = await DraftInput.parse(draftRequest({ body: `<p>Trois mots${NBSP}ici</p><script>pas ces mots</script>` }));
      expect((await sut('draft-1', author, input, 'x', now)).content).toMatchObject({ body: `<p>Trois mots${NBSP}ici</p>`, wordCount: 3 });
    });
  });
});
