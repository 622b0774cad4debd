import { StoryStatus } from '@newsroom/contracts';
import { draftRequest, draftRow, journalist, refusalOf, storyContent } from '@newsroom/test-factories';
import { DraftInput } from '../draft-input';
import { ReviseDraft, revisedDraft } from './revise-draft';

const alice = { ...journalist('Alice Martin'), roles: ['journalist' as const] };
const now = new Date('2026-03-02T10:00:00.000Z');

const draftAt = (status: StoryStatus, revision = 2) => draftRow(alice, status, revision);

describe(ReviseDraft.name, () => {
  describe(revisedDraft.name, () => {
    const sut = revisedDraft;
    let edit: DraftInput;
    beforeAll(async () => {
      edit = await DraftInput.parse(draftRequest({ headline: 'Retraites : le texte revient à l’Assemblée' }));
    });

    it('makes the next revision, back in the queue, keeping the slug', async () => {
      const revised = await sut(draftAt('changes_requested'), alice, 2, edit, now);
      expect(revised).toMatchObject({
        revision: 3,
        status: 'submitted',
        slug: storyContent().slug,
        updatedAt: now,
        revisionSubmittedAt: now,
      });
      expect(revised.content).toMatchObject({ headline: 'Retraites : le texte revient à l’Assemblée', slug: storyContent().slug });
    });

    it('refuses anyone but the author; to another journalist there is no such draft', async () => {
      const bob = { ...journalist('Bob Durand'), roles: ['journalist' as const] };
      expect(await refusalOf(sut(draftAt('submitted'), bob, 2, edit, now))).toMatchObject({ grounds: 'not-found' });
    });

    it('refuses an edit of an older revision, naming the current one', async () => {
      expect(await refusalOf(sut(draftAt('submitted'), alice, 1, edit, now))).toMatchObject({
        code: 'stale-revision',
        grounds: 'conflict',
        message: 'If-Match names revision 1, but the draft is at revision 2',
        facts: { currentRevision: 2 },
      });
    });

    it('refuses a draft an editor holds or has decided on, naming its status', async () => {
      expect(await refusalOf(sut(draftAt('in_review'), alice, 2, edit, now))).toMatchObject({
        code: 'story-state',
        grounds: 'conflict',
        message: 'a story that is in review cannot be revised',
        facts: { storyStatus: 'in_review' },
      });
      expect((await refusalOf(sut(draftAt('withdrawn'), alice, 2, edit, now))).message).toContain('withdrawn');
    });
  });
});
