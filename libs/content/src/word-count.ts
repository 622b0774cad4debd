import { plainText, SanitizedBody } from './sanitize-body';

const words = new Intl.Segmenter(undefined, { granularity: 'word' });
const HYPHENS = new Set(['-', '\u2010', '\u2011']);
// French groups thousands with a (narrow) no-break space: « 1 500 manifestants » is two words.
const DIGIT_GROUP_SPACE = /(?<=\d)[\u00A0\u2009\u202F](?=\d{3}(?!\d))/g;

/**
 * Words in the visible text of a body, counted like a word processor: numbers count,
 * punctuation standing alone does not, elisions and hyphenated compounds are one word
 * (« l’été », « aujourd’hui », « Saint-Étienne », « dit-il »).
 */
export function countWords(body: SanitizedBody): number {
  let count = 0;
  let previous: Intl.SegmentData | undefined;
  let beforePrevious: Intl.SegmentData | undefined;
  for (const segment of words.segment(plainText(body).replace(DIGIT_GROUP_SPACE, ''))) {
    const joinedByHyphen = previous !== undefined && HYPHENS.has(previous.segment) && beforePrevious?.isWordLike;
    if (segment.isWordLike && !joinedByHyphen) count++;
    beforePrevious = previous;
    previous = segment;
  }
  return count;
}
