import { MAX_EVENT_BYTES } from '@newsroom/contracts';
import { NBSP } from '@newsroom/test-factories';
import { cleanBody, measureStory } from './story-text';
import { SanitizedBody } from './sanitize-body';

const content = (body: string) => ({
  headline: 'Sigles : la grande inflation',
  body: body as SanitizedBody,
  language: 'fr',
  tags: [],
  byline: { name: 'Alice Martin' },
  slug: 'sigles-la-grande-inflation',
});
const author = { id: 'alice', name: 'Alice Martin' };

describe(cleanBody.name, () => {
  const sut = cleanBody;

  it('sanitises the body, keeping its French text', () => {
    expect(sut(`<p>«${NBSP}Été${NBSP}» &amp; hiver</p><script>alert(1)</script>`)).toEqual({
      body: `<p>«${NBSP}Été${NBSP}» &amp; hiver</p>`,
    });
  });

  it('says why a body cannot be kept', () => {
    expect(sut('<script>alert(1)</script><img src="javascript:x">')).toEqual({ refused: 'must contain text once unsafe HTML is removed' });
    expect(sut(`<p>${'<i>'.repeat(101)}x</p>`)).toEqual({ refused: 'must not nest elements more than 100 deep' });
  });
});

describe(measureStory.name, () => {
  const sut = measureStory;

  it('counts the words and sizes the largest event with the count in it', () => {
    const { wordCount, largest } = sut({ content: content(`<p>L’été, à Saint-Étienne, dit-il.</p>`), author });
    expect(wordCount).toBe(4);
    expect(largest.bytes).toBeGreaterThan(0);
    expect(largest.bytes).toBeLessThan(MAX_EVENT_BYTES);
  });

  it('finds a story too large for Kafka once & is stored as &amp;', () => {
    const { largest } = sut({ content: content(`<p>R${'&amp;'.repeat(199_000)}D</p>`), author });
    expect(largest.bytes).toBeGreaterThan(MAX_EVENT_BYTES);
  });
});
