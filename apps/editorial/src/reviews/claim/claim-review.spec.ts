import { Refusal } from '@newsroom/contracts';
import { reviewDesk } from '@newsroom/test-factories';
import { claimStory } from './claim-rules';

const { now, minutesFromNow, amelie, bruno, author, review, heldBy } = reviewDesk();

describe(claimStory.name, () => {
  const sut = claimStory;

  it('puts a submitted story in review for the configured minutes', () => {
    expect(sut(review(), amelie, now, 30)).toEqual({ status: 'in_review', claim: { editor: amelie, expiresAt: minutesFromNow(30) } });
  });

  it('extends the editor’s own live claim', () => {
    expect(sut(review({ status: 'in_review', claim: heldBy(amelie, 5) }), amelie, now, 30)).toMatchObject({
      claim: { expiresAt: minutesFromNow(30) },
    });
  });

  it('takes over a claim that has lapsed', () => {
    expect(sut(review({ status: 'in_review', claim: heldBy(bruno, -1) }), amelie, now, 30)).toMatchObject({ claim: { editor: amelie } });
  });

  it('refuses while another editor holds the story, naming them', () => {
    const outcome = sut(review({ status: 'in_review', claim: heldBy(bruno) }), amelie, now, 30);
    expect(outcome).toBeInstanceOf(Refusal);
    expect(outcome).toMatchObject({ code: 'review-claimed', grounds: 'conflict', facts: { claim: { editor: bruno } } });
    expect(outcome instanceof Refusal && outcome.message).toContain('Bruno Keller');
  });

  it('refuses the author, even when they are an editor too, in any state (four eyes)', () => {
    for (const status of ['submitted', 'in_review', 'rejected'] as const) {
      expect(sut(review({ status }), author, now, 30)).toMatchObject({
        code: 'four-eyes',
        grounds: 'not-permitted',
        message: 'another editor must claim a story you wrote',
      });
    }
  });

  it('does not let a claim the author holds keep other editors off', () => {
    expect(sut(review({ status: 'in_review', claim: heldBy(author) }), amelie, now, 30)).toMatchObject({ claim: { editor: amelie } });
  });

  it.each(['changes_requested', 'approved', 'rejected', 'withdrawn'] as const)(
    'refuses a story that is %s with the lifecycle’s reason',
    (status) => {
      const outcome = sut(review({ status }), amelie, now, 30);
      expect(outcome).toMatchObject({ code: 'story-state', grounds: 'conflict', facts: { storyStatus: status } });
      expect(outcome instanceof Refusal && outcome.message).toContain('cannot be claimed');
    },
  );
});
