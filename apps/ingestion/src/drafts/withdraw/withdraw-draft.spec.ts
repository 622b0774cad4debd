import { StoryStatus } from '@newsroom/contracts';
import { draftRow, journalist, refusalFrom } from '@newsroom/test-factories';
import { WithdrawDraft, withdrawnDraft } from './withdraw-draft';

const alice = { ...journalist('Alice Martin'), roles: ['journalist' as const] };
const now = new Date('2026-03-02T10:00:00.000Z');

const draftAt = (status: StoryStatus, revision = 1) => draftRow(alice, status, revision);

describe(WithdrawDraft.name, () => {
  describe(withdrawnDraft.name, () => {
    const sut = withdrawnDraft;

    it('withdraws the draft at its revision until an editor approves it', () => {
      for (const status of ['submitted', 'in_review', 'changes_requested'] as const) {
        expect(sut(draftAt(status), alice, now)).toMatchObject({ status: 'withdrawn', revision: 1, updatedAt: now });
      }
    });

    it('refuses anyone but the author', () => {
      const editor = { ...journalist('Édith Roux'), roles: ['editor' as const] };
      expect(refusalFrom(() => sut(draftAt('submitted'), editor, now))).toMatchObject({
        grounds: 'not-permitted',
        message: 'only the author of a draft may withdraw it',
      });
    });

    it('refuses an approved story, naming its status', () => {
      expect(refusalFrom(() => sut(draftAt('approved'), alice, now))).toMatchObject({
        code: 'story-state',
        message: 'a story that is approved cannot be withdrawn',
        facts: { storyStatus: 'approved' },
      });
    });

    it('refuses an update of a live story: taking it down is the editors’ call', () => {
      const live = { status: 'published' as const, version: 2, scheduledFor: null, corrections: [], takenDown: null };
      expect(refusalFrom(() => sut(draftRow(alice, 'submitted', 3, live), alice, now))).toMatchObject({
        code: 'story-state',
        message: 'a story whose article is published cannot be withdrawn',
        facts: { storyStatus: 'submitted', articleStatus: 'published' },
      });
    });
  });
});
