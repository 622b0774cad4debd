import { z } from 'zod';
import { MAX_EVENT_BYTES } from '../cloud-event';
import { atMostCodePoints, plainTextField, unusableText } from './text';

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

/** Bounds of a story's fields, in code points (see text.ts); the README's HTTP API section quotes them. */
export const StoryLimits = {
  headline: 300,
  standfirst: 1000,
  section: 100,
  tag: 100,
  tags: 30,
  bylineName: 200,
  bylineBio: 2000,
  /** RFC 5646 §4.4.1: 35 characters hold any language-extlang-script-region-variant tag a newsroom writes. */
  language: 35,
  /** Before sanitising; the event limit (MAX_EVENT_BYTES) is what bounds the stored body. */
  body: 200_000,
  /** A JWT subject, as the author's or editor's id. */
  personId: 256,
  /** A person's name; a byline defaults to it, so it has the byline's bound. */
  personName: 200,
  editorNote: 2000,
  /** An editor's public correction note, and an unpublish or kill reason. */
  correctionNote: 500,
  /** Corrections one article may carry: every note stays in its document, so they count against the event limit. */
  corrections: 10,
  /** A wire source's name (lowercase letters, digits and dashes). */
  wireName: 64,
  /** A wire item's id at its source. */
  wireItemId: 1000,
  wireLink: 2000,
} as const;

/** Who did something: the JWT subject and the name shown to colleagues. */
export const Person = z.object({ id: plainTextField(StoryLimits.personId), name: plainTextField(StoryLimits.personName) });
export type Person = z.infer<typeof Person>;

export const Byline = z.object({
  name: plainTextField(StoryLimits.bylineName),
  bio: plainTextField(StoryLimits.bylineBio, { multiline: true }).optional(),
});
export type Byline = z.infer<typeof Byline>;

/** A BCP 47 language tag such as `fr` or `pt-BR`, as Intl understands it, at most 35 characters. */
export const LanguageTag = z
  .string()
  .max(StoryLimits.language, { message: `must be a BCP 47 language tag of at most ${StoryLimits.language} characters`, abort: true })
  .refine((tag) => {
    // Intl also accepts a 5–8 letter word such as "french" as a registered-language subtag; no newsroom means that.
    if (!/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(tag)) return false;
    try {
      return Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      return false;
    }
  }, 'must be a BCP 47 language tag such as "fr" or "pt-BR"');

/** Stored body HTML: sanitised (so no controls), well-formed UTF-16, its size bounded by the event it travels in. */
export const StoryBody = z
  .string()
  .min(1, { message: 'must not be empty', abort: true })
  .refine(atMostCodePoints(MAX_EVENT_BYTES), { message: `must be at most ${MAX_EVENT_BYTES} characters`, abort: true })
  .superRefine((value, ctx) => {
    const why = unusableText(value, { plain: false });
    if (why) ctx.addIssue({ code: 'custom', message: why });
  });

/**
 * Where a story imported from a wire came from: the source's name, the item's id at the source (guid,
 * Atom id or ninjs uri; a hash of link and title when it has none), its link and its original time.
 * Absent on typed drafts and imported pages; events without it read as before.
 */
export const StoryOrigin = z.object({
  source: plainTextField(StoryLimits.wireName),
  itemId: plainTextField(StoryLimits.wireItemId),
  link: z.string().max(StoryLimits.wireLink).url().optional(),
  originalTime: z.string().datetime({ offset: true }).optional(),
});
export type StoryOrigin = z.infer<typeof StoryOrigin>;

/** The content of one revision, already sanitised: what editors review and what gets published. */
export const StoryContent = z.object({
  headline: plainTextField(StoryLimits.headline),
  standfirst: plainTextField(StoryLimits.standfirst, { multiline: true }).optional(),
  body: StoryBody,
  language: LanguageTag,
  section: plainTextField(StoryLimits.section).optional(),
  tags: z.array(plainTextField(StoryLimits.tag)).max(StoryLimits.tags, `must be at most ${StoryLimits.tags} tags`),
  byline: Byline,
  slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  wordCount: z.number().int().nonnegative(),
  origin: StoryOrigin.optional(),
});
export type StoryContent = z.infer<typeof StoryContent>;
