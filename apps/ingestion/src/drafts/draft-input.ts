import { Byline, LanguageTag, MAX_EVENT_BYTES, Person, StoryContent, StoryLimits } from '@newsroom/contracts';
import { boundedBody, optionalStoryText, SanitizedBody, storyText, StoryTextBusy, storyTextPool, StoryTooLarge } from '@newsroom/content';
import { Principal, ProblemException, ValidationProblem } from '@newsroom/platform';
import { z } from 'zod';

const DraftFields = z
  .object({
    headline: storyText(StoryLimits.headline),
    standfirst: optionalStoryText(StoryLimits.standfirst, true),
    // Bounded here, on the event loop (a linear scan); its HTML is cleaned on a worker thread (checkDraft below).
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

const refused = <T = DraftInput>(issues: z.core.$ZodIssue[]): z.ZodSafeParseError<T> => ({
  success: false,
  error: new z.ZodError(issues) as z.ZodError<T>,
});

/** Every field checked and, once its bounds hold, the body cleaned off the event loop: its problems told with the others'. */
async function checkDraft(value: unknown): Promise<z.ZodSafeParseResult<DraftInput>> {
  const fields = DraftFields.safeParse(value);
  const issues = fields.success ? [] : [...fields.error.issues];
  const html = typeof value === 'object' && value !== null ? (value as { body?: unknown }).body : undefined;
  if (typeof html !== 'string' || issues.some((issue) => issue.path[0] === 'body')) return refused(issues);
  const cleaned = await unlessBusy(() => storyTextPool().cleanBody(html));
  if ('refused' in cleaned) {
    const at = issues.findIndex(comesAfterBody);
    issues.splice(at === -1 ? issues.length : at, 0, { code: 'custom', path: ['body'], message: cleaned.refused });
  }
  if (!fields.success || 'refused' in cleaned) return refused(issues);
  return { success: true, data: { ...fields.data, body: cleaned.body } };
}

/** A check as a Standard Schema for `@Body({ schema })`, with zod's safeParse and parse beside it. */
function asSchema<T>(check: (value: unknown) => Promise<z.ZodSafeParseResult<T>>) {
  return {
    '~standard': {
      version: 1 as const,
      vendor: 'newsroom',
      validate: async (value: unknown) => {
        const result = await check(value);
        return result.success ? { value: result.data } : { issues: result.error.issues };
      },
    },
    safeParse: check,
    async parse(value: unknown): Promise<T> {
      const result = await check(value);
      if (!result.success) throw result.error;
      return result.data;
    },
  };
}

/** The schema of a draft for `@Body({ schema: DraftInput })` (a Standard Schema); asynchronous, since the body is cleaned on a worker thread. */
export const DraftInput = asSchema(checkDraft);

/** A new draft, and whether it goes to the editors now (`submit`, the default) or is saved as a `draft` for its author to finish. */
export interface NewDraftInput {
  input: DraftInput;
  submit: boolean;
}

const SubmitFlag = z.boolean().default(true);

async function checkNewDraft(value: unknown): Promise<z.ZodSafeParseResult<NewDraftInput>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, 'submit')) {
    const draft = await checkDraft(value);
    return draft.success ? { success: true, data: { input: draft.data, submit: true } } : refused(draft.error.issues);
  }
  const { submit, ...fields } = value as Record<string, unknown>;
  const flag = SubmitFlag.safeParse(submit);
  const draft = await checkDraft(fields);
  const issues = [
    ...(draft.success ? [] : draft.error.issues),
    ...(flag.success ? [] : flag.error.issues.map((i) => ({ ...i, path: ['submit'] }))),
  ];
  if (!draft.success || !flag.success) return refused(issues);
  return { success: true, data: { input: draft.data, submit: flag.data } };
}

/** The schema of `POST /v1/drafts`: a draft's fields and `submit?: boolean`. */
export const NewDraftInput = asSchema(checkNewDraft);

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
  const { wordCount, largest } = await unlessBusy(() => storyTextPool().measure(content, person));
  if (largest.bytes > MAX_EVENT_BYTES) throw new StoryTooLarge(largest);
  return { ...content, wordCount };
}
