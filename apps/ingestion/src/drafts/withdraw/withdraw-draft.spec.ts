import { Refusal, StoryStatus } from '@newsroom/contracts';
import { journalist, storyContent } from '@newsroom/test-factories';
import { Draft } from '../draft.entity';
import { WithdrawDraft, withdrawnDraft } from './withdraw-draft';

const alice = { ...journalist('Alice Martin'), roles: ['journalist' as const] };
const submittedAt = new Date('2026-03-02T08:30:00.000Z');
const now = new Date('2026-03-02T10:00:00.000Z');

const draftAt = (status: StoryStatus): Draft => ({
  id: 'draft-1',
  revision: 1,
  status,
  authorId: alice.id,
  authorName: alice.name,
  content: storyContent(),
  slug: storyContent().slug,
  createdAt: submittedAt,
  updatedAt: submittedAt,
  revisionSubmittedAt: submittedAt,
});

const refusalOf = (withdraw: () => unknown): Refusal => {
  try {
    withdraw();
  } catch (refusal) {
    if (refusal instanceof Refusal) return refusal;
  }
  throw new Error('expected a refusal');
};

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
      expect(refusalOf(() => sut(draftAt('submitted'), editor, now))).toMatchObject({
        grounds: 'not-permitted',
        message: 'only the author of a draft may withdraw it',
      });
    });

    it('refuses an approved story, naming its status', () => {
      expect(refusalOf(() => sut(draftAt('approved'), alice, now))).toMatchObject({
        code: 'story-state',
        message: 'a story that is approved cannot be withdrawn',
        facts: { storyStatus: 'approved' },
      });
    });
  });
});
