import { EDITOR_DECISIONS, DECISION_OUTCOMES, Refusal } from '@newsroom/contracts';
import { journalist, reviewDesk } from '@newsroom/test-factories';
import { decideRevision } from './decision-rules';

const { now, amelie, bruno, author: chloe, review, heldBy } = reviewDesk(journalist('Chloé Martin'));

describe(decideRevision.name, () => {
  const sut = decideRevision;

  it.each(EDITOR_DECISIONS)('lets the claiming editor %s the current revision', (decision) => {
    expect(sut(review({ status: 'in_review', claim: heldBy(amelie) }), decision, 2, amelie, now)).toEqual({
      status: DECISION_OUTCOMES[decision],
    });
  });

  it('lets any editor decide on an unclaimed or lapsed story', () => {
    expect(sut(review(), 'approve', 2, amelie, now)).not.toBeInstanceOf(Refusal);
    expect(sut(review({ status: 'in_review', claim: heldBy(bruno, -1) }), 'reject', 2, amelie, now)).not.toBeInstanceOf(Refusal);
  });

  it('refuses a decision on a revision that is no longer current', () => {
    expect(sut(review(), 'approve', 1, amelie, now)).toMatchObject({
      code: 'stale-revision',
      grounds: 'conflict',
      title: 'The story has changed since you read it',
      message: 'the decision names revision 1, but the story is at revision 2',
      facts: { currentRevision: 2 },
    });
  });

  it('refuses while another editor holds the story', () => {
    expect(sut(review({ status: 'in_review', claim: heldBy(bruno) }), 'approve', 2, amelie, now)).toMatchObject({
      code: 'review-claimed',
      grounds: 'conflict',
    });
  });

  it.each(EDITOR_DECISIONS)('refuses an author who is also an editor any decision on their own story: %s (four eyes)', (decision) => {
    const author = { ...chloe };
    for (const state of [review(), review({ status: 'in_review', claim: heldBy(amelie) }), review({ status: 'changes_requested' })]) {
      expect(sut(state, decision, 2, author, now)).toMatchObject({
        code: 'four-eyes',
        grounds: 'not-permitted',
        title: 'Authors cannot review their own stories',
        message: expect.stringMatching(/^another editor must (approve|send back|reject) a story you wrote$/),
      });
    }
  });

  it('lets another editor decide over the author’s own claim', () => {
    expect(sut(review({ status: 'in_review', claim: heldBy(chloe) }), 'approve', 2, amelie, now)).toEqual({ status: 'approved' });
  });

  it('lets an approval of a first publication wait for its time', () => {
    expect(sut(review(), 'approve', 2, amelie, now, '2026-11-27T06:00:00.000Z')).toEqual({ status: 'approved' });
  });

  it('refuses a time on an update, which goes out when approved, naming publishAt and the live version', () => {
    const update = review({ revision: 4, updatesVersion: 2, baseRevision: 3 });
    expect(sut(update, 'approve', 4, amelie, now)).toEqual({ status: 'approved' });
    expect(sut(update, 'approve', 4, amelie, now, '2026-11-27T06:00:00.000Z')).toMatchObject({
      code: 'update-not-schedulable',
      grounds: 'conflict',
      message: 'revision 4 updates version 2, which is live: approve it without publishAt',
      facts: { errors: [{ field: 'publishAt' }], updates: { version: 2 } },
    });
  });

  it('refuses a decision the lifecycle does not allow, e.g. approving what was sent back', () => {
    expect(sut(review({ status: 'changes_requested' }), 'approve', 2, amelie, now)).toMatchObject({
      code: 'story-state',
      grounds: 'conflict',
      message: 'a story that is changes requested cannot be approved',
      facts: { storyStatus: 'changes_requested' },
    });
  });
});
