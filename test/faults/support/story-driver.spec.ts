import { DraftInput } from '../../../apps/ingestion/src/drafts/draft-input';
import { frenchStory } from './story-driver';

/** A small seeded generator (mulberry32), so the test sees the same stories every time. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('frenchStory', () => {
  it('is accepted by the drafts API as sent: nothing is stripped or rewritten', () => {
    for (let index = 0; index < 20; index++) {
      const story = frenchStory(seeded(index), index, 'broker-kill');
      const parsed = DraftInput.safeParse(story);
      expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
      // Any difference would make byte-for-byte checks downstream compare against the wrong text.
      expect(parsed.success && parsed.data).toEqual(story);
    }
  });

  it('writes French typography into headline and body', () => {
    const story = frenchStory(seeded(7), 0, 'x');
    expect(story.headline).toMatch(/«.*»/);
    expect(story.headline).toContain('’');
    expect(story.body).toMatch(/^<p>.*<\/p>$/);
    expect(story.body).toContain('’');
  });

  it('gives the same story for the same seed', () => {
    expect(frenchStory(seeded(42), 3, 'x')).toEqual(frenchStory(seeded(42), 3, 'x'));
  });
});
