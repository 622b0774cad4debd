import { ArticleStatus, StoryStatus } from '@newsroom/contracts';
import { z } from 'zod';
import type { DraftSummary, DraftView } from './draft-view';

const Instant = z.iso.datetime({ offset: true });
const Editor = z.object({ id: z.string(), name: z.string() });

/** What a draft answers with over HTTP, as the OpenAPI document gives it and the response test checks it. */
const draftFields = {
  id: z.uuid(),
  revision: z.int().min(1),
  status: StoryStatus,
  slug: z.string(),
  headline: z.string(),
  standfirst: z.string().optional(),
  language: z.string(),
  section: z.string().optional(),
  tags: z.array(z.string()),
  byline: z.object({ name: z.string(), bio: z.string().optional() }),
  wordCount: z.int().min(0),
  author: Editor,
  createdAt: Instant,
  updatedAt: Instant,
  submittedAt: Instant.nullable(),
  feedback: z
    .array(z.object({ revision: z.int(), decision: z.string(), editor: Editor, message: z.string().optional(), at: Instant }))
    .optional(),
  originalUrl: z.string().optional(),
  publication: z
    .object({
      status: ArticleStatus,
      version: z.int(),
      scheduledFor: Instant.nullable(),
      corrections: z.array(z.object({ version: z.int(), note: z.string(), at: Instant })),
      takenDown: z.object({ reason: z.string(), at: Instant }).nullable(),
    })
    .nullable(),
};

export const DraftDocument = z.strictObject({ ...draftFields, body: z.string() }).meta({ id: 'Draft' });
export const DraftSummaryDocument = z.strictObject(draftFields).meta({ id: 'DraftSummary' });
export const DraftPageDocument = z.strictObject({ items: z.array(DraftSummaryDocument), nextCursor: z.string().nullable() });

// The views the controller returns must fit the documented shapes: a field added to one and not the other fails to compile.
export const fitsDocument = (view: DraftView): z.input<typeof DraftDocument> => view;
export const fitsSummary = (view: DraftSummary): z.input<typeof DraftSummaryDocument> => view;
