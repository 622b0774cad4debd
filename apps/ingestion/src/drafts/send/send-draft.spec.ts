import { StoryStatus } from '@newsroom/contracts';
import { draftRow, journalist, refusalFrom } from '@newsroom/test-factories';
import { SendDraft, sentDraft } from './send-draft';

const alice = { ...journalist('Alice Martin'), roles: ['journalist' as const] };
const now = new Date('2026-03-02T10:00:00.000Z');
const draftAt = (status: StoryStatus, revision = 3) => draftRow(alice, status, revision);

describe(SendDraft.name, () => {
  describe(sentDraft.name, () => {
    const sut = sentDraft;

    it('submits a saved draft at its current revision, as of now', () => {
      expect(sut(draftAt('draft'), alice, now)).toMatchObject({
        status: 'submitted',
        revision: 3,
        updatedAt: now,
        revisionSubmittedAt: now,
      });
      expect(sut(draftAt('draft'), alice, now, 3)).toMatchObject({ status: 'submitted' });
    });

    it('refuses a draft changed since the journalist last saw it', () => {
      expect(refusalFrom(() => sut(draftAt('draft'), alice, now, 2))).toMatchObject({ code: 'stale-revision' });
    });

    it('refuses what is no longer a saved draft, naming its status', () => {
      for (const status of StoryStatus.options.filter((status) => status !== 'draft')) {
        expect(refusalFrom(() => sut(draftAt(status), alice, now))).toMatchObject({
          code: 'story-state',
          message: `a story that is ${status.replace('_', ' ')} cannot be submitted`,
        });
      }
    });

    it('lets only the author submit it', () => {
      const bob = { ...journalist('Bob Durand'), roles: ['journalist' as const] };
      expect(refusalFrom(() => sut(draftAt('draft'), bob, now))).toMatchObject({ grounds: 'not-found' });
    });
  });
});
