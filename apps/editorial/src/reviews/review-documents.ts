import { StoryStatus } from '@newsroom/contracts';
import { z } from 'zod';
import type { RevisionDiff } from './diff/revision-diff';
import type { ReviewHistoryView } from './history/review-history';
import type { ReviewDetail, ReviewSummary } from './review-view';

const Instant = z.iso.datetime({ offset: true });
const Person = z.object({ id: z.string(), name: z.string() });
const Updates = z.object({ version: z.int().min(1) }).nullable();

/** What editors' routes answer with, as the OpenAPI document gives it and the response test checks it. */
const summaryFields = {
  storyId: z.uuid(),
  status: StoryStatus,
  revision: z.int().min(1),
  headline: z.string(),
  author: Person,
  byline: z.object({ name: z.string(), bio: z.string().optional() }),
  language: z.string(),
  section: z.string().nullable(),
  queuedAt: Instant,
  claim: z.object({ editor: Person, expiresAt: Instant }).nullable(),
  updates: Updates.meta({ description: 'An update of a published story: the live version it would replace; null for a first publication' }),
};

export const ReviewSummaryDocument = z.strictObject(summaryFields).meta({ id: 'ReviewSummary' });
export const ReviewPageDocument = z.strictObject({ items: z.array(ReviewSummaryDocument), nextCursor: z.string().nullable() });

const StoryContentDocument = z
  .object({
    headline: z.string(),
    standfirst: z.string().optional(),
    body: z.string().meta({ description: 'Sanitised HTML' }),
    language: z.string(),
    section: z.string().optional(),
    tags: z.array(z.string()),
    byline: z.object({ name: z.string(), bio: z.string().optional() }),
    slug: z.string(),
    wordCount: z.int().min(0),
    origin: z.object({ source: z.string(), itemId: z.string(), link: z.string().optional(), originalTime: Instant.optional() }).optional(),
  })
  .meta({ id: 'StoryContent' });

const Decision = z.strictObject({
  decision: z.enum(['approved', 'changes_requested', 'rejected', 'withdrawn']),
  revision: z.int().min(1),
  by: Person,
  at: Instant,
  note: z.string().optional(),
  publishAt: Instant.optional(),
  comment: z.string().optional(),
  reason: z.string().optional(),
});

export const ReviewDocument = z
  .strictObject({ ...summaryFields, content: StoryContentDocument, history: z.array(Decision) })
  .meta({ id: 'Review' });

const entry = <A extends string, F extends z.ZodRawShape>(actions: [A, ...A[]], fields: F) =>
  z.strictObject({ action: z.enum(actions), revision: z.int().min(1), by: Person, at: Instant, ...fields });

export const ReviewHistoryDocument = z.strictObject({
  storyId: z.uuid(),
  entries: z.array(
    z.union([
      entry(['submitted', 'revised'], { updates: z.object({ version: z.int().min(1) }).optional() }),
      entry(['claimed'], { until: Instant }),
      entry(['approved'], { note: z.string().optional(), publishAt: Instant.optional() }),
      entry(['changes_requested'], { comment: z.string() }),
      entry(['rejected'], { reason: z.string() }),
      entry(['withdrawn'], {}),
    ]),
  ),
  truncated: z.boolean().meta({ description: 'More lines of one kind than an answer reads: the history stops where they ran out' }),
});

const PartDiff = z.strictObject({
  granularity: z.enum(['word', 'paragraph']),
  changes: z.array(z.strictObject({ type: z.enum(['same', 'added', 'removed']), text: z.string() })),
});

export const RevisionDiffDocument = z.strictObject({
  storyId: z.uuid(),
  from: z.int().min(1).nullable(),
  to: z.int().min(1),
  updates: Updates,
  headline: PartDiff,
  standfirst: PartDiff,
  body: PartDiff.extend({ htmlChanged: z.boolean() }),
});

// The views the controller returns must fit the documented shapes: a field added to one and not the other fails to compile.
export const fitsSummary = (view: ReviewSummary): z.input<typeof ReviewSummaryDocument> => view;
export const fitsReview = (view: ReviewDetail): z.input<typeof ReviewDocument> => view;
export const fitsHistory = (view: ReviewHistoryView): z.input<typeof ReviewHistoryDocument> => view;
export const fitsDiff = (view: RevisionDiff): z.input<typeof RevisionDiffDocument> => view;
