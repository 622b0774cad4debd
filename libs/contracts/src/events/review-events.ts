import { z } from 'zod';
import { Person, StoryContent, StoryId, StoryLimits } from '../stories/story';
import { atMostCodePoints } from '../stories/text';
import { Topics } from '../topics';
import { zodContract } from './zod-contract';

const isoTime = z.string().datetime({ offset: true });
const decision = { storyId: StoryId, revision: z.number().int().positive(), editor: Person, at: isoTime };

export const ReviewClaimed = zodContract('newsroom.review.claimed.v1', Topics.reviews, z.object({ ...decision, claimedUntil: isoTime }));

/** Carries the approved revision in full: publication builds the article from this event alone. */
export const ReviewApproved = zodContract(
  'newsroom.review.approved.v1',
  Topics.reviews,
  z.object({
    ...decision,
    // Bounded so that ingestion can size this event, the largest a story makes, before accepting the draft.
    note: z.string().refine(atMostCodePoints(StoryLimits.editorNote), `must be at most ${StoryLimits.editorNote} characters`).optional(),
    author: Person,
    content: StoryContent,
    submittedAt: isoTime,
    /** When the article is to go out (an embargo); absent, it goes out at once. Editorial refuses a time in the past. */
    publishAt: isoTime.optional(),
  }),
);

export const ReviewChangesRequested = zodContract(
  'newsroom.review.changes-requested.v1',
  Topics.reviews,
  z.object({ ...decision, comment: z.string().min(1) }),
);

export const ReviewRejected = zodContract(
  'newsroom.review.rejected.v1',
  Topics.reviews,
  z.object({ ...decision, reason: z.string().min(1) }),
);
