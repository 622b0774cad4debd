import { DraftInput } from '../../../apps/ingestion/src/drafts/draft-input';
import { frenchStory } from './story-driver';
import { seeded } from './seeded-random';

describe('frenchStory', () => {
  it('is accepted by the drafts API as sent: nothing is stripped or rewritten', async () => {
    for (let index = 0; index < 20; index++) {
      const story = frenchStory(seeded(index), index, 'broker-kill');
      const parsed = await DraftInput.safeParse(story);
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
