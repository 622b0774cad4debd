import { ArticleStatus, DraftRevised, MAX_EVENT_BYTES, StoryStatus } from '@newsroom/contracts';
import { eventSizes } from '@newsroom/content';
import { draftRequest, draftRow, journalist, refusalOf, storyContent } from '@newsroom/test-factories';
import { PublicationSeen } from '../draft.entity';
import { DraftInput } from '../draft-input';
import { ReviseDraft, revisedDraft, updatedVersion } from './revise-draft';

const alice = { ...journalist('Alice Martin'), roles: ['journalist' as const] };
const now = new Date('2026-03-02T10:00:00.000Z');

const draftAt = (status: StoryStatus, revision = 2) => draftRow(alice, status, revision);
const article = (status: ArticleStatus, version = 3): PublicationSeen => ({
  status,
  version,
  scheduledFor: null,
  corrections: [],
  takenDown: status === 'unpublished' || status === 'killed' ? { reason: 'Décision de justice', at: now.toISOString() } : null,
});
const publishedAt = (status: ArticleStatus) => draftRow(alice, 'published', 2, article(status));

describe(ReviseDraft.name, () => {
  describe(revisedDraft.name, () => {
    const sut = revisedDraft;
    let edit: DraftInput;
    beforeAll(async () => {
      edit = await DraftInput.parse(draftRequest({ headline: 'Retraites : le texte revient à l’Assemblée' }));
    });

    it('keeps a saved draft a draft, its next revision sent to nobody yet', async () => {
      const saved = draftAt('draft');
      const revised = await sut(saved, alice, 2, edit, now);
      expect(revised).toMatchObject({ revision: 3, status: 'draft', updatedAt: now, revisionSubmittedAt: saved.revisionSubmittedAt });
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

    it('takes a revision of a published story back to the queue: an update', async () => {
      expect(await sut(publishedAt('published'), alice, 2, edit, now)).toMatchObject({ revision: 3, status: 'submitted' });
    });

    it.each(['unpublished', 'killed'] as const)('refuses to revise a story whose article is %s, naming that state', async (status) => {
      expect(await refusalOf(sut(publishedAt(status), alice, 2, edit, now))).toMatchObject({
        code: 'story-state',
        grounds: 'conflict',
        message: `a story whose article is ${status} cannot be revised`,
        facts: { storyStatus: 'published', articleStatus: status },
      });
    });

    it('refuses to revise an approved story waiting for its embargo, naming the schedule', async () => {
      const scheduled = draftRow(alice, 'approved', 2, { ...article('scheduled', 1), scheduledFor: '2026-03-03T06:00:00.000Z' });
      expect(await refusalOf(sut(scheduled, alice, 2, edit, now))).toMatchObject({
        message: 'a story whose article is scheduled cannot be revised',
        facts: { articleStatus: 'scheduled' },
      });
    });
  });

  describe(updatedVersion.name, () => {
    const sut = updatedVersion;

    it('names the live version while the article is live, including after a send-back', () => {
      expect(sut(publishedAt('published'))).toEqual({ version: 3 });
      expect(sut(draftRow(alice, 'changes_requested', 4, article('published', 3)))).toEqual({ version: 3 });
    });

    it('names nothing for a story never published', () => {
      expect(sut(draftAt('submitted'))).toBeUndefined();
    });
  });

  describe('sizing at the door', () => {
    it('counts draft.revised as an update at its widest, so an update can always be sent', () => {
      const content = storyContent();
      const author = { id: alice.id, name: alice.name };
      const sizes = eventSizes(content, author);
      const revised = sizes.find((size) => size.type === DraftRevised.type);
      const widest = { storyId: '00000000-0000-4000-8000-000000000000', revision: 2_147_483_647, author, content };
      const bytes = Buffer.byteLength(JSON.stringify({ ...widest, at: new Date(0).toISOString(), updates: { version: 2_147_483_647 } }));
      expect(revised?.bytes).toBe(bytes);
      expect(sizes[0].bytes).toBeLessThan(MAX_EVENT_BYTES);
    });
  });
});
