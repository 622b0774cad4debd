import { z } from 'zod';

/** Where a story stands, from submission to publication; the draft mirrors it for its author. */
export const StoryStatus = z.enum([
  'draft',
  'submitted',
  'in_review',
  'changes_requested',
  'approved',
  'rejected',
  'published',
  'withdrawn',
]);
export type StoryStatus = z.infer<typeof StoryStatus>;

/** A story's id: a UUID shared by the draft, its review and its article, and the key of all its events. */
export const StoryId = z.string().uuid('must be a story id (a UUID)');

export function isStoryId(value: string): boolean {
  return StoryId.safeParse(value).success;
}

/** Who did something: the JWT subject and the name shown to colleagues. */
export const Person = z.object({ id: z.string().min(1), name: z.string().min(1) });
export type Person = z.infer<typeof Person>;

export const Byline = z.object({ name: z.string().min(1).max(200), bio: z.string().min(1).max(2000).optional() });
export type Byline = z.infer<typeof Byline>;

/** A BCP 47 language tag such as `fr` or `pt-BR`, as Intl understands it. */
export const LanguageTag = z.string().refine((tag) => {
  // Intl also accepts a 5–8 letter word such as "french" as a registered-language subtag; no newsroom means that.
  if (!/^[a-z]{2,3}(-|$)/i.test(tag)) return false;
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}, 'must be a BCP 47 language tag such as "fr" or "pt-BR"');

/** The content of one revision, already sanitised: what editors review and what gets published. */
export const StoryContent = z.object({
  headline: z.string().min(1).max(300),
  standfirst: z.string().min(1).optional(),
  body: z.string().min(1),
  language: LanguageTag,
  section: z.string().min(1).optional(),
  tags: z.array(z.string().min(1)),
  byline: Byline,
  slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  wordCount: z.number().int().nonnegative(),
});
export type StoryContent = z.infer<typeof StoryContent>;
