import {
  CloudEvent,
  createEvent,
  eventSource,
  Person,
  ReviewApproved,
  ReviewChangesRequested,
  ReviewClaimed,
  ReviewRejected,
} from '@newsroom/contracts';
import { ReviewItem } from './review.entity';

const decided = (item: ReviewItem, editor: Person, at: Date) => ({
  storyId: item.storyId,
  revision: item.revision,
  editor,
  at: at.toISOString(),
});

export function reviewClaimed(item: ReviewItem, editor: Person, at: Date, claimedUntil: Date): CloudEvent {
  return createEvent(ReviewClaimed, eventSource('editorial'), item.storyId, {
    ...decided(item, editor, at),
    claimedUntil: claimedUntil.toISOString(),
  });
}

/** Carries the approved revision whole, so publication needs nothing from editorial's tables. */
export function reviewApproved(item: ReviewItem, editor: Person, at: Date, note?: string, publishAt?: string): CloudEvent {
  return createEvent(ReviewApproved, eventSource('editorial'), item.storyId, {
    ...decided(item, editor, at),
    ...(note !== undefined && { note }),
    ...(publishAt !== undefined && { publishAt }),
    author: { id: item.authorId, name: item.authorName },
    content: item.content,
    submittedAt: item.queuedAt.toISOString(),
  });
}

export function reviewChangesRequested(item: ReviewItem, editor: Person, at: Date, comment: string): CloudEvent {
  return createEvent(ReviewChangesRequested, eventSource('editorial'), item.storyId, { ...decided(item, editor, at), comment });
}

export function reviewRejected(item: ReviewItem, editor: Person, at: Date, reason: string): CloudEvent {
  return createEvent(ReviewRejected, eventSource('editorial'), item.storyId, { ...decided(item, editor, at), reason });
}
