import { optionalStoryText, storyBody, storyText } from '@newsroom/content';
import { PublishAt, StoryLimits } from '@newsroom/contracts';
import { z } from 'zod';

/** The public note every correction carries, and the reason an unpublish or a kill records. */
const why = storyText(StoryLimits.correctionNote, true);

export const ScheduleRequest = z.object({ publishAt: PublishAt }).strict();
export type ScheduleRequest = z.output<typeof ScheduleRequest>;

/** What an editor corrects (at least one of headline, standfirst, body), checked as a journalist's draft is, and the note readers see. */
export const CorrectionRequest = z
  .object({
    headline: optionalStoryText(StoryLimits.headline),
    standfirst: optionalStoryText(StoryLimits.standfirst, true),
    body: storyBody.optional(),
    note: why,
  })
  .strict();
export type CorrectionRequest = z.output<typeof CorrectionRequest>;

export const ReasonRequest = z.object({ reason: why }).strict();
export type ReasonRequest = z.output<typeof ReasonRequest>;
