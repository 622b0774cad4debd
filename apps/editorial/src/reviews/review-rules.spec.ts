import { Refusal } from '@newsroom/contracts';
import { editor } from '@newsroom/test-factories';
import { heldByAnother, liveClaim } from './review-rules';

const now = new Date('2026-11-26T09:00:00.000Z');
const minutesFromNow = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
const amelie = editor('Amélie Durand');
const bruno = editor('Bruno Keller');
const heldBy = (holder = amelie, minutes = 10) => ({
  authorId: 'someone-else',
  claim: { editor: holder, expiresAt: minutesFromNow(minutes) },
});

describe(liveClaim.name, () => {
  const sut = liveClaim;

  it('forgets a claim at the moment it expires', () => {
    expect(sut(heldBy(amelie, 0), now)).toBeNull();
    expect(sut(heldBy(amelie, 1), now)).not.toBeNull();
  });
});

describe(heldByAnother.name, () => {
  const sut = heldByAnother;

  it('lets the holder through, and anyone once the claim has lapsed', () => {
    expect(sut(heldBy(amelie), amelie, now)).toBeNull();
    expect(sut(heldBy(bruno, -1), amelie, now)).toBeNull();
    expect(sut({ authorId: 'someone-else', claim: null }, amelie, now)).toBeNull();
  });

  it('names the editor who holds the story and until when', () => {
    const refusal = sut(heldBy(bruno), amelie, now);
    expect(refusal).toBeInstanceOf(Refusal);
    expect(refusal).toMatchObject({
      code: 'review-claimed',
      grounds: 'conflict',
      title: 'Another editor holds this story',
      message: 'Bruno Keller holds this story until 2026-11-26T09:10:00.000Z',
      facts: { claim: { editor: bruno, expiresAt: '2026-11-26T09:10:00.000Z' } },
    });
  });
});
