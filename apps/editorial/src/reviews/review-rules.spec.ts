import { claimReview, decideReview, liveClaim, ReviewState, reviseReview, withdrawReview } from './review-rules';

const now = new Date('2026-11-26T09:00:00.000Z');
const minutesFromNow = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
const amelie = { id: 'amelie', name: 'Amélie Durand' };
const bruno = { id: 'bruno', name: 'Bruno Keller' };
const journalist = { id: 'chloe', name: 'Chloé Martin' };

const review = (overrides: Partial<ReviewState> = {}): ReviewState => ({
  status: 'submitted',
  revision: 2,
  authorId: journalist.id,
  claim: null,
  ...overrides,
});
const heldBy = (editor: typeof amelie, minutes = 10) => ({ editor, expiresAt: minutesFromNow(minutes) });

describe(claimReview.name, () => {
  it('puts a submitted story in review for the configured minutes', () => {
    expect(claimReview(review(), amelie, now, 30)).toEqual({
      refused: false,
      status: 'in_review',
      claim: { editor: amelie, expiresAt: minutesFromNow(30) },
    });
  });

  it('extends the editor’s own live claim', () => {
    const outcome = claimReview(review({ status: 'in_review', claim: heldBy(amelie, 5) }), amelie, now, 30);
    expect(outcome).toMatchObject({ refused: false, claim: { expiresAt: minutesFromNow(30) } });
  });

  it('takes over a claim that has lapsed', () => {
    const outcome = claimReview(review({ status: 'in_review', claim: heldBy(bruno, -1) }), amelie, now, 30);
    expect(outcome).toMatchObject({ refused: false, claim: { editor: amelie } });
  });

  it('refuses while another editor holds the story, naming them', () => {
    const outcome = claimReview(review({ status: 'in_review', claim: heldBy(bruno) }), amelie, now, 30);
    expect(outcome).toMatchObject({ refused: true, httpStatus: 409, type: 'review-claimed', extensions: { claim: { editor: bruno } } });
    expect(outcome.refused && outcome.detail).toContain('Bruno Keller');
  });

  it.each(['changes_requested', 'approved', 'rejected', 'withdrawn'] as const)(
    'refuses a story that is %s with the lifecycle’s reason',
    (status) => {
      const outcome = claimReview(review({ status }), amelie, now, 30);
      expect(outcome).toMatchObject({ refused: true, httpStatus: 409, type: 'story-state' });
      expect(outcome.refused && outcome.detail).toContain('cannot be claimed');
    },
  );
});

describe(decideReview.name, () => {
  it.each([
    ['approve', 'approved'],
    ['requestChanges', 'changes_requested'],
    ['reject', 'rejected'],
  ] as const)('lets the claiming editor %s the current revision', (decision, status) => {
    expect(decideReview(review({ status: 'in_review', claim: heldBy(amelie) }), decision, 2, amelie, now)).toEqual({
      refused: false,
      status,
    });
  });

  it('lets any editor decide on an unclaimed or lapsed story', () => {
    expect(decideReview(review(), 'approve', 2, amelie, now).refused).toBe(false);
    expect(decideReview(review({ status: 'in_review', claim: heldBy(bruno, -1) }), 'reject', 2, amelie, now).refused).toBe(false);
  });

  it('refuses a decision on a revision that is no longer current', () => {
    expect(decideReview(review(), 'approve', 1, amelie, now)).toMatchObject({
      refused: true,
      httpStatus: 409,
      type: 'stale-revision',
      extensions: { currentRevision: 2 },
    });
  });

  it('refuses while another editor holds the story', () => {
    expect(decideReview(review({ status: 'in_review', claim: heldBy(bruno) }), 'approve', 2, amelie, now)).toMatchObject({
      refused: true,
      httpStatus: 409,
      type: 'review-claimed',
    });
  });

  it('refuses an author approving their own story (four eyes), but lets them send it back', () => {
    expect(decideReview(review(), 'approve', 2, journalist, now)).toMatchObject({ refused: true, httpStatus: 403, type: 'four-eyes' });
    expect(decideReview(review(), 'requestChanges', 2, journalist, now).refused).toBe(false);
  });

  it('refuses a decision the lifecycle does not allow, e.g. approving what was sent back', () => {
    const outcome = decideReview(review({ status: 'changes_requested' }), 'approve', 2, amelie, now);
    expect(outcome).toMatchObject({
      refused: true,
      httpStatus: 409,
      type: 'story-state',
      extensions: { storyStatus: 'changes_requested' },
    });
    expect(outcome.refused && outcome.detail).toBe('a story that is changes requested cannot be approved');
  });
});

describe(reviseReview.name, () => {
  it('returns a story sent back for changes to the queue', () => {
    expect(reviseReview({ status: 'changes_requested', revision: 2 }, 3)).toEqual({ apply: true, status: 'submitted' });
  });

  it('keeps a story in review while an editor holds it; only the revision moves', () => {
    expect(reviseReview({ status: 'in_review', revision: 2 }, 3)).toEqual({ apply: true, status: 'in_review' });
  });

  it('ignores a revision that is not newer than the one queued', () => {
    expect(reviseReview({ status: 'submitted', revision: 3 }, 3)).toMatchObject({ apply: false });
    expect(reviseReview({ status: 'submitted', revision: 3 }, 2)).toMatchObject({ apply: false });
  });

  it('ignores revisions of a story already decided', () => {
    expect(reviseReview({ status: 'approved', revision: 2 }, 3)).toEqual({
      apply: false,
      reason: 'a story that is approved cannot be revised',
    });
  });
});

describe(withdrawReview.name, () => {
  it.each(['submitted', 'in_review', 'changes_requested'] as const)('withdraws a story that is %s', (status) => {
    expect(withdrawReview({ status })).toEqual({ apply: true, status: 'withdrawn' });
  });

  it('leaves an approved story approved', () => {
    expect(withdrawReview({ status: 'approved' })).toEqual({ apply: false, reason: 'a story that is approved cannot be withdrawn' });
  });
});

describe(liveClaim.name, () => {
  it('forgets a claim at the moment it expires', () => {
    expect(liveClaim({ claim: heldBy(amelie, 0) }, now)).toBeNull();
    expect(liveClaim({ claim: heldBy(amelie, 1) }, now)).not.toBeNull();
  });
});
