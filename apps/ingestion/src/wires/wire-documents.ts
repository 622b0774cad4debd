import { z } from 'zod';
import { WIRE_FORMATS } from '@newsroom/content';
import { StoryStatus } from '@newsroom/contracts';
import type { WireItemView } from './wire-items';
import type { WireSourceView } from './wire-sources';

const Instant = z.iso.datetime({ offset: true });

/** A wire source as the API answers with it, settings and status, for the OpenAPI document and the response test. */
export const WireSourceDocument = z.object({
  name: z.string(),
  url: z.string().nullable(),
  format: z.enum(WIRE_FORMATS),
  pollSeconds: z.int().min(1),
  language: z.string().nullable(),
  section: z.string().nullable(),
  createdAt: Instant.nullable(),
  updatedAt: Instant.nullable(),
  status: z.object({
    polled: z.boolean(),
    nextPollAt: Instant.nullable(),
    lastPollAt: Instant.nullable(),
    lastSuccessAt: Instant.nullable(),
    lastError: z.object({ message: z.string(), at: Instant.nullable() }).nullable(),
    failuresInARow: z.int().min(0),
    items: z.object({
      seen: z.int().min(0),
      created: z.int().min(0),
      revised: z.int().min(0),
      unchanged: z.int().min(0),
      refused: z.int().min(0),
      leftAfterApproval: z.int().min(0),
    }),
  }),
});

export const WireSourceListDocument = z.object({ items: z.array(WireSourceDocument) });

/** A page of a source's incoming items, the latest taken in first. */
export const WireItemPageDocument = z.strictObject({
  items: z.array(
    z.strictObject({
      itemId: z.string().meta({ description: 'The item’s id at the source' }),
      storyId: z.uuid().meta({ description: 'The draft it became' }),
      headline: z.string(),
      language: z.string(),
      status: StoryStatus,
      revision: z.int().min(1),
      link: z.string().nullable().meta({ description: 'The item at the source, when it gave one' }),
      firstSeenAt: Instant,
      updatedAt: Instant.meta({ description: 'When it was last taken in, new or revised' }),
    }),
  ),
  nextCursor: z.string().nullable(),
});

/** What a push answers: what became of each item. */
export const WirePushDocument = z.object({
  created: z.int().min(0),
  revised: z.int().min(0),
  unchanged: z.int().min(0),
  left: z.int().min(0).meta({ description: 'Items changed at the source after the story was approved: counted, and left as they are' }),
  refused: z.array(z.object({ item: z.string(), reason: z.string() })),
});

// The views the controller returns are the documented shapes.
export type WireSourceViewIsDocumented = WireSourceView extends z.infer<typeof WireSourceDocument> ? true : never;
export type WireItemViewIsDocumented = WireItemView extends z.infer<typeof WireItemPageDocument>['items'][number] ? true : never;
const viewsAreDocumented: [WireSourceViewIsDocumented, WireItemViewIsDocumented] = [true, true];
void viewsAreDocumented;
