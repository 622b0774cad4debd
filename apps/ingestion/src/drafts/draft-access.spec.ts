import { Refusal } from '@newsroom/contracts';
import { Principal } from '@newsroom/platform';
import { noSuchDraft, refusalToChange, refusalToRead } from './draft-access';

const alice: Principal = { id: 'alice', name: 'Alice Martin', roles: ['journalist'] };
const bob: Principal = { id: 'bob', name: 'Bob Durand', roles: ['journalist'] };
const edith: Principal = { id: 'edith', name: 'Édith Roux', roles: ['editor'] };
const alicesDraft = { authorId: alice.id };

describe(refusalToRead.name, () => {
  const sut = refusalToRead;

  it('lets the author and editors read', () => {
    expect(sut(alicesDraft, alice)).toBeUndefined();
    expect(sut(alicesDraft, edith)).toBeUndefined();
  });

  it('refuses another journalist', () => {
    expect(sut(alicesDraft, bob)).toMatchObject({
      grounds: 'not-permitted',
      message: 'only the author of a draft and editors may read it',
    });
  });
});

describe(refusalToChange.name, () => {
  const sut = refusalToChange;

  it('lets only the author revise or withdraw: not another journalist, not an editor', () => {
    expect(sut(alicesDraft, alice, 'revise')).toBeUndefined();
    expect(sut(alicesDraft, alice, 'withdraw')).toBeUndefined();
    expect(sut(alicesDraft, bob, 'revise')).toMatchObject({
      grounds: 'not-permitted',
      message: 'only the author of a draft may revise it',
    });
    expect(sut(alicesDraft, edith, 'withdraw')).toMatchObject({
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
