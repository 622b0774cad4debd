import { Byline, LanguageTag, StoryContent } from '@newsroom/contracts';
import type { Principal } from '@newsroom/platform';
import { z } from 'zod';
import { normalizeText, sanitizeBody } from '../content/sanitize-body';
import { countWords } from '../content/word-count';

const characters = (text: string) => [...text].length;
// NUL and the other C0 controls (tab and line breaks aside) are never text, and Postgres refuses NUL.
// eslint-disable-next-line no-control-regex -- these characters are what it looks for
const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const text = (label: string, max: number) =>
  z
    .string()
    .refine((value) => !controlCharacters.test(value), `${label} must not contain control characters`)
    .transform(normalizeText)
    .refine((value) => value.length > 0, `${label} must not be empty`)
    .refine((value) => characters(value) <= max, `${label} must be at most ${max} characters`);

/** An optional text left blank by an editing tool means "none", not an error. */
const optionalText = (label: string, max: number) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), text(label, max).optional());

/** What a journalist sends to create or revise a draft; text is NFC-normalised, the body sanitised. */
export const DraftInput = z
  .object({
    headline: text('headline', 300),
    standfirst: optionalText('standfirst', 1000),
    // Bounded so that one story's event stays well inside Kafka's 1 MiB message limit; sanitised here, once.
    body: z
      .string()
      .max(200_000, 'body must be at most 200000 characters')
      .transform(sanitizeBody)
      .refine((html) => countWords(html) > 0, 'body must contain text once unsafe HTML is removed'),
    language: LanguageTag,
    section: optionalText('section', 100),
    tags: z.array(text('tag', 100)).max(30).default([]),
    byline: Byline.extend({ name: text('byline name', 200), bio: optionalText('byline bio', 2000) })
      .strict()
      .optional(),
  })
  .strict();
export type DraftInput = z.output<typeof DraftInput>;

/** The content of a revision as the newsroom stores and sends it. */
export function draftContent(input: DraftInput, author: Principal, slug: string): StoryContent {
  return {
    headline: input.headline,
    ...(input.standfirst !== undefined && { standfirst: input.standfirst }),
    body: input.body,
    language: input.language,
    ...(input.section !== undefined && { section: input.section }),
    tags: [...new Set(input.tags)],
    byline: input.byline ?? { name: author.name },
    slug,
    wordCount: countWords(input.body),
  };
}
