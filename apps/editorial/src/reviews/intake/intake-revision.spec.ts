import { admitRevision } from './intake-rules';

const queued = (
  status: 'submitted' | 'in_review' | 'changes_requested' | 'approved' | 'rejected',
  revision: number,
  baseRevision: number | null = null,
) => ({
  status,
  revision,
  baseRevision,
});

describe(admitRevision.name, () => {
  const sut = admitRevision;

  it('queues a story seen for the first time as submitted, whichever revision it is at', () => {
    expect(sut(null, 1)).toEqual({ apply: true, status: 'submitted', baseRevision: null });
    expect(sut(null, 3)).toEqual({ apply: true, status: 'submitted', baseRevision: null });
  });

  it('returns a story sent back for changes to the queue', () => {
    expect(sut(queued('changes_requested', 2), 3)).toEqual({ apply: true, status: 'submitted', baseRevision: null });
  });

  it('keeps a story in review while an editor holds it; only the revision moves', () => {
    expect(sut(queued('in_review', 2), 3)).toEqual({ apply: true, status: 'in_review', baseRevision: null });
  });

  it('ignores a revision that is not newer than the one queued', () => {
    expect(sut(queued('submitted', 3), 3)).toEqual({
      apply: false,
      reason: 'revision 3 is not newer than revision 3 in the queue',
    });
    expect(sut(queued('submitted', 3), 2)).toMatchObject({ apply: false });
  });

  it('ignores revisions of a story already decided, unless they update it', () => {
    expect(sut(queued('approved', 2), 3)).toEqual({ apply: false, reason: 'a story that is approved cannot be revised' });
    expect(sut(queued('rejected', 2), 3, true)).toEqual({ apply: false, reason: 'a story that is rejected cannot be revised' });
  });

  it('brings an approved (now published) story back to the queue for an update, based on the approved revision', () => {
    expect(sut(queued('approved', 2), 3, true)).toEqual({ apply: true, status: 'submitted', baseRevision: 2 });
  });

  it('keeps the update’s base across its later revisions', () => {
    expect(sut(queued('changes_requested', 3, 2), 4, true)).toEqual({ apply: true, status: 'submitted', baseRevision: 2 });
    expect(sut(queued('in_review', 3, 2), 4, true)).toEqual({ apply: true, status: 'in_review', baseRevision: 2 });
  });
});
