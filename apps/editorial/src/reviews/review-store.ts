import { isStoryId } from '@newsroom/contracts';
import { ProblemException } from '@newsroom/platform';
import { EntityManager } from 'typeorm';
import { ReviewDecision, ReviewItem } from './review.entity';

export function noSuchReview(storyId: string): ProblemException {
  return new ProblemException({ status: 404, detail: `no story ${storyId} in the review queue` });
}

/** The item, or a 404; an id that is not a UUID names no story, rather than a database error. */
export async function findReview(db: EntityManager, storyId: string, lock = false): Promise<ReviewItem> {
  const item = isStoryId(storyId)
    ? await db.findOne(ReviewItem, { where: { storyId }, ...(lock && { lock: { mode: 'pessimistic_write' as const } }) })
    : null;
  if (!item) throw noSuchReview(storyId);
  return item;
}

/** Holds the item's row until the transaction ends, so that decisions on one story queue up. */
export function lockReview(tx: EntityManager, storyId: string): Promise<ReviewItem> {
  return findReview(tx, storyId, true);
}

export function decisionHistory(db: EntityManager, storyId: string): Promise<ReviewDecision[]> {
  return db.find(ReviewDecision, { where: { storyId }, order: { id: 'ASC' } });
}
