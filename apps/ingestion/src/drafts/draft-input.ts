import { Byline, LanguageTag, MAX_EVENT_BYTES, Person, StoryContent, StoryLimits, StoryOrigin } from '@newsroom/contracts';
import {
  asyncSchema,
  boundedBody,
  optionalStoryText,
  storyText,
  storyTextPool,
  StoryTooLarge,
  withCleanBody,
  WithCleanBody,
} from '@newsroom/content';
import { Principal, ValidationProblem } from '@newsroom/platform';
import { z } from 'zod';

const DraftFields = z
  .object({
    headline: storyText(StoryLimits.headline),
    standfirst: optionalStoryText(StoryLimits.standfirst, true),
    // Bounded here, on the event loop (a linear scan); its HTML is then cleaned on a text thread.
    body: boundedBody,
    language: LanguageTag,
    section: optionalStoryText(StoryLimits.section),
    // The count is checked before the tags are, so that a million of them cost nothing.
    tags: z
      .array(z.unknown())
      .max(StoryLimits.tags, { message: `must be at most ${StoryLimits.tags} tags`, abort: true })
      .pipe(z.array(storyText(StoryLimits.tag)))
      .default([]),
    byline: Byline.extend({ name: storyText(StoryLimits.bylineName), bio: optionalStoryText(StoryLimits.bylineBio, true) })
      .strict()
      .optional(),
  })
  .strict();

/** What a journalist sends to create or revise a draft; text is NFC-normalised, the body sanitised (on a text thread), every field bounded in code points. */
export const DraftInput = withCleanBody(DraftFields);
export type DraftInput = WithCleanBody<typeof DraftFields>;

const refused = <T>(issues: z.core.$ZodIssue[]): z.ZodSafeParseError<T> => ({
  success: false,
  error: new z.ZodError(issues) as z.ZodError<T>,
});

/** A new draft, and whether it goes to the editors now (`submit`, the default) or is saved as a `draft` for its author to finish. */
export interface NewDraftInput {
  input: DraftInput;
  submit: boolean;
}

const SubmitFlag = z.boolean().default(true);

async function checkNewDraft(value: unknown): Promise<z.ZodSafeParseResult<NewDraftInput>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, 'submit')) {
    const draft = await DraftInput.safeParse(value);
    return draft.success ? { success: true, data: { input: draft.data, submit: true } } : refused(draft.error.issues);
  }
  const { submit, ...fields } = value as Record<string, unknown>;
  const flag = SubmitFlag.safeParse(submit);
  const draft = await DraftInput.safeParse(fields);
  const issues = [
    ...(draft.success ? [] : draft.error.issues),
    ...(flag.success ? [] : flag.error.issues.map((i) => ({ ...i, path: ['submit'] }))),
  ];
  if (!draft.success || !flag.success) return refused(issues);
  return { success: true, data: { input: draft.data, submit: flag.data } };
}

/** The schema of `POST /v1/drafts`: a draft's fields and `submit?: boolean`. */
export const NewDraftInput = asyncSchema(checkNewDraft, DraftFields.extend({ submit: z.boolean().default(true) }));

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
export async function draftContent(input: DraftInput, author: Principal, slug: string, origin?: StoryOrigin): Promise<StoryContent> {
  const content = {
    headline: input.headline,
    ...(input.standfirst !== undefined && { standfirst: input.standfirst }),
    body: input.body,
    language: input.language,
    ...(input.section !== undefined && { section: input.section }),
    tags: [...new Set(input.tags)],
    byline: input.byline ?? defaultByline(author),
    slug,
    ...(origin && { origin }),
  };
  const person = personOf(author);
  const { wordCount, largest } = await storyTextPool().measure(content, person);
  if (largest.bytes > MAX_EVENT_BYTES) throw new StoryTooLarge(largest);
  return { ...content, wordCount };
}
