import { EntityManager } from 'typeorm';
import { ReviewDecision, ReviewItem } from './review.entity';
import { Claim, noSuchReview, ReviewState } from './review-rules';

/** The item with its row held until the transaction ends, so that changes to one story queue up; null if the story is not queued. */
export function lockedReview(tx: EntityManager, storyId: string): Promise<ReviewItem | null> {
  return tx.findOne(ReviewItem, { where: { storyId }, lock: { mode: 'pessimistic_write' } });
}

/** The locked item an editor acts on, or the refusal that it is not in the queue. */
export async function reviewToChange(tx: EntityManager, storyId: string): Promise<ReviewItem> {
  const item = await lockedReview(tx, storyId);
  if (!item) throw noSuchReview(storyId);
  return item;
}

export async function findReview(db: EntityManager, storyId: string): Promise<ReviewItem> {
  const item = await db.findOne(ReviewItem, { where: { storyId } });
  if (!item) throw noSuchReview(storyId);
  return item;
}

export function decisionHistory(db: EntityManager, storyId: string): Promise<ReviewDecision[]> {
  return db.find(ReviewDecision, { where: { storyId }, order: { id: 'ASC' } });
}

export function claimOf(item: ReviewItem): Claim | null {
  if (!item.claimedById || !item.claimedByName || !item.claimExpiresAt) return null;
  return { editor: { id: item.claimedById, name: item.claimedByName }, expiresAt: item.claimExpiresAt };
}

/** What the rules see of an item. */
export function reviewState(item: ReviewItem): ReviewState {
  return {
    status: item.status,
    revision: item.revision,
    authorId: item.authorId,
    claim: claimOf(item),
    updatesVersion: item.updatesVersion,
    baseRevision: item.baseRevision,
  };
}
