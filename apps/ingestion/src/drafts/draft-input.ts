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
import { normalizeText, SanitizedBody, StoryTextBusy, storyText } from '@newsroom/content';
import { Principal, ProblemException, ValidationProblem } from '@newsroom/platform';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { z } from 'zod';

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

// Bounded here, on the event loop (a linear scan); its HTML is cleaned on a worker thread (checkDraft below).
const body = z
  .string()
  .max(2 * StoryLimits.body, { message: `must be at most ${StoryLimits.body} characters`, abort: true })
  .refine((html) => codePoints(html) <= StoryLimits.body, { message: `must be at most ${StoryLimits.body} characters`, abort: true });

const DraftFields = z
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

/** What a journalist sends to create or revise a draft; text is NFC-normalised, the body sanitised, every field bounded in code points. */
export type DraftInput = Omit<z.output<typeof DraftFields>, 'body'> & { body: SanitizedBody };

/** 429 while every text thread is busy and enough stories wait for one: the client sends it again in a moment. */
async function unlessBusy<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof StoryTextBusy)) throw err;
    throw new ProblemException({
      status: 429,
      type: 'busy',
      title: 'Too many stories at once',
      detail: 'Too many stories are being processed right now; send it again in a second (a submission with the same Idempotency-Key).',
      headers: { 'Retry-After': '1' },
    });
  }
}

const FIELDS = Object.keys(DraftFields.shape);
// Issues come in the order of the fields, then the unknown keys: a problem of the body goes where one schema would have put it.
const comesAfterBody = (issue: z.core.$ZodIssue) =>
  issue.path.length === 0 || FIELDS.indexOf(String(issue.path[0])) > FIELDS.indexOf('body');

const refused = (issues: z.core.$ZodIssue[]): z.ZodSafeParseError<DraftInput> => ({
  success: false,
  error: new z.ZodError(issues) as z.ZodError<DraftInput>,
});

/** Every field checked and, once its bounds hold, the body cleaned off the event loop: its problems told with the others'. */
async function checkDraft(value: unknown): Promise<z.ZodSafeParseResult<DraftInput>> {
  const fields = DraftFields.safeParse(value);
  const issues = fields.success ? [] : [...fields.error.issues];
  const html = typeof value === 'object' && value !== null ? (value as { body?: unknown }).body : undefined;
  if (typeof html !== 'string' || issues.some((issue) => issue.path[0] === 'body')) return refused(issues);
  const cleaned = await unlessBusy(() => storyText().cleanBody(html));
  if ('refused' in cleaned) {
    const at = issues.findIndex(comesAfterBody);
    issues.splice(at === -1 ? issues.length : at, 0, { code: 'custom', path: ['body'], message: cleaned.refused });
  }
  if (!fields.success || 'refused' in cleaned) return refused(issues);
  return { success: true, data: { ...fields.data, body: cleaned.body } };
}

/** The schema of a draft for `@Body({ schema: DraftInput })`; asynchronous, since the body is cleaned on a worker thread. */
export const DraftInput = {
  '~standard': {
    version: 1,
    vendor: 'newsroom',
    validate: async (value: unknown) => {
      const result = await checkDraft(value);
      return result.success ? { value: result.data } : { issues: result.error.issues };
    },
  },
  safeParse: checkDraft,
  async parse(value: unknown): Promise<DraftInput> {
    const result = await checkDraft(value);
    if (!result.success) throw result.error;
    return result.data;
  },
} satisfies StandardSchemaV1<unknown, DraftInput> & Record<string, unknown>;

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
 * Counted and sized on a worker thread.
 */
export async function draftContent(input: DraftInput, author: Principal, slug: string): Promise<StoryContent> {
  const content = {
    headline: input.headline,
    ...(input.standfirst !== undefined && { standfirst: input.standfirst }),
    body: input.body,
    language: input.language,
    ...(input.section !== undefined && { section: input.section }),
    tags: [...new Set(input.tags)],
    byline: input.byline ?? defaultByline(author),
    slug,
  };
  const person = personOf(author);
  const { wordCount, largest } = await unlessBusy(() => storyText().measure(content, person));
  if (largest.bytes > MAX_EVENT_BYTES) throw new StoryTooLarge(largest);
  return { ...content, wordCount };
}
