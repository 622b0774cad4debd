import { admitRevision } from './intake-rules';

describe(admitRevision.name, () => {
  const sut = admitRevision;

  it('queues a story seen for the first time as submitted, whichever revision it is at', () => {
    expect(sut(null, 1)).toEqual({ apply: true, status: 'submitted' });
    expect(sut(null, 3)).toEqual({ apply: true, status: 'submitted' });
  });

  it('returns a story sent back for changes to the queue', () => {
    expect(sut({ status: 'changes_requested', revision: 2 }, 3)).toEqual({ apply: true, status: 'submitted' });
  });

  it('keeps a story in review while an editor holds it; only the revision moves', () => {
    expect(sut({ status: 'in_review', revision: 2 }, 3)).toEqual({ apply: true, status: 'in_review' });
  });

  it('ignores a revision that is not newer than the one queued', () => {
    expect(sut({ status: 'submitted', revision: 3 }, 3)).toEqual({
      apply: false,
      reason: 'revision 3 is not newer than revision 3 in the queue',
    });
    expect(sut({ status: 'submitted', revision: 3 }, 2)).toMatchObject({ apply: false });
  });

  it('ignores revisions of a story already decided', () => {
    expect(sut({ status: 'approved', revision: 2 }, 3)).toEqual({ apply: false, reason: 'a story that is approved cannot be revised' });
  });
});
