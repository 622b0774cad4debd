import { z } from 'zod';
import { Person, StoryContent, StoryId } from '../stories/story';
import { Topics } from '../topics';
import { zodContract } from './zod-contract';

const isoTime = z.string().datetime({ offset: true });

/** A revision the journalist put in the queue; carries the whole content so editors need nothing else. */
const DraftRevision = z.object({
  storyId: StoryId,
  revision: z.number().int().positive(),
  author: Person,
  content: StoryContent,
  at: isoTime,
});

export const DraftSubmitted = zodContract('newsroom.draft.submitted.v1', Topics.drafts, DraftRevision);
/**
 * A new revision. Of a published story, it is an update: `updates.version` names the article
 * version live when the author revised (absent otherwise; v1 consumers that ignore it lose nothing).
 */
export const DraftRevised = zodContract(
  'newsroom.draft.revised.v1',
  Topics.drafts,
  DraftRevision.extend({ updates: z.object({ version: z.number().int().positive() }).optional() }),
);
export const DraftWithdrawn = zodContract(
  'newsroom.draft.withdrawn.v1',
  Topics.drafts,
  z.object({ storyId: StoryId, revision: z.number().int().positive(), by: Person, at: isoTime }),
);
