import {
  Byline,
  codePoints,
  LanguageTag,
  MAX_EVENT_BYTES,
  Person,
  plainTextField,
  Refusal,
  StoryContent,
  StoryLimits,
  unusableText,
} from '@newsroom/contracts';
import { Principal, ValidationProblem } from '@newsroom/platform';
import { z } from 'zod';
import { countWords, eventSizes, normalizeText, plainText, sanitizeBody, UnusableBody } from '@newsroom/content';

/**
 * A plain-text field as the journalist typed it: bounded before anything costs (NFC is quadratic on piles
 * of combining marks, which the field schema refuses), then NFC and trimmed, then checked by the very
 * schema the events use, so the door and the contract agree on every character.
 */
const text = (max: number, multiline = false) => {
  const field = plainTextField(max, { multiline });
  return z
    .string()
    .max(4 * max, { message: `must be at most ${max} characters`, abort: true })
    .transform((value, ctx) => {
      const why = unusableText(value, { multiline });
      if (!why) return normalizeText(value);
      ctx.addIssue({ code: 'custom', message: why });
      return z.NEVER;
    })
    .pipe(field);
};

/** An optional text left blank by an editing tool means "none", not an error. */
const optionalText = (max: number, multiline = false) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), text(max, multiline).optional());

// A letter or a digit is a word to countWords; cheaper than counting them twice.
const HAS_WORD = /[\p{L}\p{N}]/u;

const body = z
  .string()
  .max(2 * StoryLimits.body, { message: `must be at most ${StoryLimits.body} characters`, abort: true })
  .refine((html) => codePoints(html) <= StoryLimits.body, { message: `must be at most ${StoryLimits.body} characters`, abort: true })
  .transform((html, ctx) => {
    try {
      const clean = sanitizeBody(html);
      if (!HAS_WORD.test(plainText(clean))) ctx.addIssue({ code: 'custom', message: 'must contain text once unsafe HTML is removed' });
      return clean;
    } catch (err) {
      if (!(err instanceof UnusableBody)) throw err;
      ctx.addIssue({ code: 'custom', message: err.message });
      return z.NEVER;
    }
  });

/** What a journalist sends to create or revise a draft; text is NFC-normalised, the body sanitised, every field bounded in code points. */
export const DraftInput = z
  .object({
    headline: text(StoryLimits.headline),
    standfirst: optionalText(StoryLimits.standfirst, true),
    body,
    language: LanguageTag,
    section: optionalText(StoryLimits.section),
    // The count is checked before the tags are, so that a million of them cost nothing.
    tags: z
      .array(z.unknown())
      .max(StoryLimits.tags, { message: `must be at most ${StoryLimits.tags} tags`, abort: true })
      .pipe(z.array(text(StoryLimits.tag)))
      .default([]),
    byline: Byline.extend({ name: text(StoryLimits.bylineName), bio: optionalText(StoryLimits.bylineBio, true) })
      .strict()
      .optional(),
  })
  .strict();
export type DraftInput = z.output<typeof DraftInput>;

/**
 * 413: the story would not fit in the largest event it will travel in, so it could be accepted but never
 * published. The detail says by how much to shorten it.
 */
export class StoryTooLarge extends Refusal {
  constructor(event: { type: string; bytes: number }) {
    const over = event.bytes - MAX_EVENT_BYTES;
    super(
      'story-too-large',
      'too-large',
      'The story is too large to publish',
      `Published, this story would be a ${event.bytes}-byte ${event.type} event, and events are limited to ${MAX_EVENT_BYTES} bytes: ` +
        `shorten it by at least ${over} bytes of UTF-8 as stored (markup included; after sanitising, & counts 5 bytes, an accented letter 2).`,
      {
        errors: [{ field: 'body', message: `must be at least ${over} bytes shorter` }],
        eventBytes: event.bytes,
        maxEventBytes: MAX_EVENT_BYTES,
        overBytes: over,
      },
    );
  }
}

/** The byline the token's name gives, when the journalist sent none; a name no byline can hold is a 400, not a broken event. */
function defaultByline(author: Principal): Byline {
  const byline = Byline.safeParse({ name: author.name });
  if (!byline.success) {
    throw new ValidationProblem([{ field: 'byline', message: 'is required: the name in your token cannot be used as a byline' }]);
  }
  return byline.data;
}

function personOf(author: Principal): Person {
  const person = Person.safeParse({ id: author.id, name: author.name });
  if (!person.success) throw new ValidationProblem([{ field: 'token', message: 'carries a subject or name that no event can hold' }]);
  return person.data;
}

/**
 * The content of a revision as the newsroom stores and sends it, once it is known to fit every event the
 * story will make (draft, approval, article): a draft accepted here can always be approved and published.
 */
export function draftContent(input: DraftInput, author: Principal, slug: string): StoryContent {
  const content: StoryContent = {
    headline: input.headline,
    ...(input.standfirst !== undefined && { standfirst: input.standfirst }),
    body: input.body,
    language: input.language,
    ...(input.section !== undefined && { section: input.section }),
    tags: [...new Set(input.tags)],
    byline: input.byline ?? defaultByline(author),
    slug,
    wordCount: countWords(input.body),
  };
  const [largest] = eventSizes(content, personOf(author));
  if (largest.bytes > MAX_EVENT_BYTES) throw new StoryTooLarge(largest);
  return content;
}
