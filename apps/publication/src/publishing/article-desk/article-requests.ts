import { boundedBody, optionalStoryText, storyText, withCleanBody, WithCleanBody } from '@newsroom/content';
import { PublishAt, StoryLimits } from '@newsroom/contracts';
import { z } from 'zod';

/** The public note every correction carries, and the reason an unpublish or a kill records. */
const why = storyText(StoryLimits.correctionNote, true);

export const ScheduleRequest = z.object({ publishAt: PublishAt }).strict();
export type ScheduleRequest = z.output<typeof ScheduleRequest>;

const CorrectionFields = z
  .object({
    headline: optionalStoryText(StoryLimits.headline),
    standfirst: optionalStoryText(StoryLimits.standfirst, true),
    body: boundedBody.optional(),
    note: why,
  })
  .strict();

/** What an editor corrects (at least one of headline, standfirst, body), checked as a journalist's draft is (the body off the event loop), and the note readers see. */
export const CorrectionRequest = withCleanBody(CorrectionFields);
export type CorrectionRequest = WithCleanBody<typeof CorrectionFields>;

export const ReasonRequest = z.object({ reason: why }).strict();
export type ReasonRequest = z.output<typeof ReasonRequest>;
