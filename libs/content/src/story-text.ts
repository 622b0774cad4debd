import { Person, StoryContent } from '@newsroom/contracts';
import { EventSize, eventSizes } from './largest-event';
import { plainText, sanitizeBody, SanitizedBody, UnusableBody } from './sanitize-body';
import { countWords } from './word-count';

/** A body made safe to store, or why it cannot be (the message names what to change). */
export type CleanedBody = { body: SanitizedBody } | { refused: string };

/** The figures a story's text gives once its body is clean: what is stored with it, and what it will weigh on Kafka. */
export interface StoryMeasure {
  wordCount: number;
  /** The largest event the story will travel in. */
  largest: EventSize;
}

// A letter or a digit is a word to countWords; cheaper than counting them.
const HAS_WORD = /[\p{L}\p{N}]/u;

/** The body as the newsroom keeps it: sanitised, and with words left once unsafe HTML is gone. */
export function cleanBody(html: string): CleanedBody {
  try {
    const body = sanitizeBody(html);
    return HAS_WORD.test(plainText(body)) ? { body } : { refused: 'must contain text once unsafe HTML is removed' };
  } catch (err) {
    if (err instanceof UnusableBody) return { refused: err.message };
    throw err;
  }
}

/** Counts the words of clean content and sizes every event it will make, with its word count in them. */
export function measureStory({ content, author }: { content: Omit<StoryContent, 'wordCount'>; author: Person }): StoryMeasure {
  const wordCount = countWords(content.body as SanitizedBody);
  const [largest] = eventSizes({ ...content, wordCount }, author);
  return { wordCount, largest };
}
