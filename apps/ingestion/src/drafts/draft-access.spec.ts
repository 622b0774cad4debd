import { Refusal } from '@newsroom/contracts';
import { Principal } from '@newsroom/platform';
import { noSuchDraft, refusalToChange, refusalToRead } from './draft-access';

const alice: Principal = { id: 'alice', name: 'Alice Martin', roles: ['journalist'] };
const bob: Principal = { id: 'bob', name: 'Bob Durand', roles: ['journalist'] };
const edith: Principal = { id: 'edith', name: 'Édith Roux', roles: ['editor'] };
const alicesDraft = { id: '0b9c7a52-3d1e-4f6a-9b8c-2e5d4f3a1b0c', authorId: alice.id, status: 'submitted' as const };

describe(refusalToRead.name, () => {
  const sut = refusalToRead;

  it('lets the author and editors read', () => {
    expect(sut(alicesDraft, alice)).toBeUndefined();
    expect(sut(alicesDraft, edith)).toBeUndefined();
  });

  it('tells another journalist exactly what a made-up id would: no such draft', () => {
    expect(sut(alicesDraft, bob)).toEqual(noSuchDraft(alicesDraft.id));
  });

  it('keeps a saved draft its author has not submitted from editors, as if it did not exist', () => {
    const saved = { ...alicesDraft, status: 'draft' as const };
    expect(sut(saved, alice)).toBeUndefined();
    expect(sut(saved, edith)).toEqual(noSuchDraft(saved.id));
  });
});

describe(refusalToChange.name, () => {
  const sut = refusalToChange;

  it('lets only the author revise or withdraw', () => {
    expect(sut(alicesDraft, alice, 'revise')).toBeUndefined();
    expect(sut(alicesDraft, alice, 'withdraw')).toBeUndefined();
  });

  it('shows another journalist no draft at all', () => {
    expect(sut(alicesDraft, bob, 'revise')).toEqual(noSuchDraft(alicesDraft.id));
    expect(sut(alicesDraft, bob, 'withdraw')).toEqual(noSuchDraft(alicesDraft.id));
  });

  it('tells an editor, who can read the draft, that only its author may change it', () => {
    expect(sut(alicesDraft, edith, 'withdraw')).toMatchObject({
      code: 'not-your-draft',
      grounds: 'not-permitted',
      message: 'only the author of a draft may withdraw it',
    });
  });
});

describe(noSuchDraft.name, () => {
  it('names the draft it did not find', () => {
    const sut = noSuchDraft('42');
    expect(sut).toBeInstanceOf(Refusal);
    expect(sut).toMatchObject({ grounds: 'not-found', message: 'no draft 42' });
  });
});
