import { MAX_SLUG_LENGTH } from '@newsroom/contracts';
import { slugFor } from './slug-allocation';

const id = '0f8e2c1a-5b7d-4e3f-9a10-2b3c4d5e6f70';
const free = () => Promise.resolve(false);
const taken = () => Promise.resolve(true);

describe(slugFor.name, () => {
  const sut = slugFor;

  it('slugs the headline when no other draft has that slug', async () => {
    expect(await sut('L’été de tous les records à Brest', id, free)).toBe('l-ete-de-tous-les-records-a-brest');
  });

  it('adds the start of the draft’s id when the slug is taken', async () => {
    expect(await sut('L’été de tous les records à Brest', id, taken)).toBe('l-ete-de-tous-les-records-a-brest-0f8e2c1a');
  });

  it('asks only about the headline’s own slug', async () => {
    const asked: string[] = [];
    await sut('Même titre, deux papiers', id, (slug) => (asked.push(slug), free()));
    expect(asked).toEqual(['meme-titre-deux-papiers']);
  });

  it('stays within the longest slug, suffix included', async () => {
    const slug = await sut('Un titre '.repeat(20), id, taken);
    expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect(slug.endsWith('-0f8e2c1a')).toBe(true);
  });
});
