import { createEvent, ReviewApproved, type Person, type StoryContent } from '@newsroom/contracts';
import type { ReviewState } from '../../apps/editorial/src/reviews/review-rules';
import { editor, journalist, storyContent } from './story';

/** The editors' desk at 09:00: Amélie and Bruno, a story by `author` at revision 2, and claims that last `minutes`. */
export function reviewDesk(author: Person = journalist()) {
  const now = new Date('2026-11-26T09:00:00.000Z');
  const minutesFromNow = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
  const amelie = editor('Amélie Durand');
  const bruno = editor('Bruno Keller');
  const review = (overrides: Partial<ReviewState> = {}): ReviewState => ({
    status: 'submitted',
    revision: 2,
    authorId: author.id,
    claim: null,
    updatesVersion: null,
    baseRevision: null,
    ...overrides,
  });
  const heldBy = (holder = amelie, minutes = 10) => ({ editor: holder, expiresAt: minutesFromNow(minutes) });
  return { now, minutesFromNow, amelie, bruno, author, review, heldBy };
}

/** Editorial's approval of a story's revision 1, as its relay would put it on the reviews topic. */
export function approvalEvent(
  storyId: string,
  {
    content = {},
    publishAt,
    source = 'urn:newsroom:editorial',
  }: { content?: Partial<StoryContent>; publishAt?: string; source?: string } = {},
) {
  return createEvent(ReviewApproved, source, storyId, {
    storyId,
    revision: 1,
    editor: editor(),
    at: new Date().toISOString(),
    author: journalist(),
    submittedAt: new Date(Date.now() - 60_000).toISOString(),
    content: storyContent({ slug: `story-${storyId.slice(0, 8)}`, ...content }),
    ...(publishAt && { publishAt }),
  });
}
