import { editor, journalist } from '@newsroom/test-factories';
import { ReviewClaim, ReviewDecision } from '../review.entity';
import { HISTORY_LIMIT, RevisionLine, storyHistory } from './history-entries';

const chloe = journalist('Chloé Lefèvre');
const amelie = editor('Amélie Durand');
const at = (minute: number) => new Date(Date.UTC(2026, 10, 26, 9, minute));
const revision = (n: number, minute: number, updatesVersion: number | null = null): RevisionLine => ({
  revision: n,
  authorId: chloe.id,
  authorName: chloe.name,
  submittedAt: at(minute),
  updatesVersion,
});
const claim = (n: number, minute: number, id = String(minute)): ReviewClaim => ({
  id,
  storyId: 's',
  revision: n,
  claimedById: amelie.id,
  claimedByName: amelie.name,
  claimedAt: at(minute),
  claimedUntil: at(minute + 30),
});
const decision = (n: number, minute: number, outcome: ReviewDecision['decision'], why: string | null, publishAt: Date | null = null) => ({
  id: String(minute),
  storyId: 's',
  revision: n,
  decision: outcome,
  decidedById: outcome === 'withdrawn' ? chloe.id : amelie.id,
  decidedByName: outcome === 'withdrawn' ? chloe.name : amelie.name,
  why,
  decidedAt: at(minute),
  publishAt,
});

describe(storyHistory.name, () => {
  const sut = storyHistory;

  it('tells the whole story oldest first, each line with its actor and time', () => {
    const { entries, truncated } = sut(
      [revision(1, 0), revision(2, 20), revision(3, 50, 1)],
      [claim(1, 5), claim(2, 25)],
      [
        decision(1, 10, 'changes_requested', 'Sourcez le chiffre, s’il vous plaît.'),
        decision(2, 30, 'approved', 'Parfait.', at(60)),
        decision(3, 55, 'withdrawn', null),
      ],
    );
    expect(truncated).toBe(false);
    expect(entries).toEqual([
      { action: 'submitted', revision: 1, by: chloe, at: at(0).toISOString() },
      { action: 'claimed', revision: 1, by: amelie, at: at(5).toISOString(), until: at(35).toISOString() },
      { action: 'changes_requested', revision: 1, by: amelie, at: at(10).toISOString(), comment: 'Sourcez le chiffre, s’il vous plaît.' },
      { action: 'revised', revision: 2, by: chloe, at: at(20).toISOString() },
      { action: 'claimed', revision: 2, by: amelie, at: at(25).toISOString(), until: at(55).toISOString() },
      { action: 'approved', revision: 2, by: amelie, at: at(30).toISOString(), note: 'Parfait.', publishAt: at(60).toISOString() },
      { action: 'revised', revision: 3, by: chloe, at: at(50).toISOString(), updates: { version: 1 } },
      { action: 'withdrawn', revision: 3, by: chloe, at: at(55).toISOString() },
    ]);
  });

  it('puts a revision before the claim and a claim before the decision of the same instant', () => {
    const { entries } = sut([revision(1, 0)], [claim(1, 0)], [decision(1, 0, 'rejected', 'Doublon.')]);
    expect(entries.map((entry) => entry.action)).toEqual(['submitted', 'claimed', 'rejected']);
  });

  it('stops, whole, where a kind of line ran past the limit', () => {
    const claims = Array.from({ length: HISTORY_LIMIT + 1 }, (_, n) => claim(1, n + 1, String(n)));
    const { entries, truncated } = sut([revision(1, 0)], claims, [decision(1, 5000, 'approved', null)]);
    expect(truncated).toBe(true);
    expect(entries).toHaveLength(HISTORY_LIMIT + 1);
    expect(entries.at(-1)).toMatchObject({ action: 'claimed', at: at(HISTORY_LIMIT).toISOString() });
  });
});
