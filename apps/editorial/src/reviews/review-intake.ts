import { DraftRevised, DraftWithdrawn, EventData } from '@newsroom/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ReviewDecision, ReviewItem } from './review.entity';
import { reviseReview, withdrawReview } from './review-rules';

type DraftRevision = EventData<typeof DraftRevised>;
type Withdrawal = EventData<typeof DraftWithdrawn>;

/** How the journalist's drafts reach the queue; each call runs in the inbox's transaction for one event. */
@Injectable()
export class ReviewIntake {
  private readonly logger = new Logger(ReviewIntake.name);

  /** A submitted or revised draft: a new item, or the item moves to the newer revision. */
  async takeRevision(tx: EntityManager, draft: DraftRevision): Promise<void> {
    const item = await tx.findOne(ReviewItem, { where: { storyId: draft.storyId }, lock: { mode: 'pessimistic_write' } });
    const now = new Date();
    const revision = { revision: draft.revision, content: draft.content, queuedAt: new Date(draft.at), updatedAt: now };
    if (!item) {
      // The event carries the whole draft, so even a first sight of the story as a revision can be queued.
      const author = { authorId: draft.author.id, authorName: draft.author.name };
      await tx.insert(ReviewItem, {
        storyId: draft.storyId,
        status: 'submitted',
        ...author,
        ...revision,
        claimedById: null,
        claimedByName: null,
        claimExpiresAt: null,
      });
      return;
    }
    const outcome = reviseReview(item, draft.revision);
    if (!outcome.apply) {
      this.logger.warn(`revision ${draft.revision} of story ${draft.storyId} not queued: ${outcome.reason}`);
      return;
    }
    await tx.save(Object.assign(item, { status: outcome.status, ...revision }));
  }

  /** The author takes the story back; once an editor has decided, that decision stands. */
  async withdraw(tx: EntityManager, withdrawal: Withdrawal): Promise<void> {
    const item = await tx.findOne(ReviewItem, { where: { storyId: withdrawal.storyId }, lock: { mode: 'pessimistic_write' } });
    if (!item) {
      this.logger.log(`story ${withdrawal.storyId} withdrawn before it reached the queue`);
      return;
    }
    const outcome = withdrawReview(item);
    if (!outcome.apply) {
      this.logger.warn(`withdrawal of story ${withdrawal.storyId} ignored: ${outcome.reason}`);
      return;
    }
    const at = new Date(withdrawal.at);
    await tx.save(
      Object.assign(item, { status: outcome.status, claimedById: null, claimedByName: null, claimExpiresAt: null, updatedAt: new Date() }),
    );
    await tx.insert(ReviewDecision, {
      storyId: item.storyId,
      revision: withdrawal.revision,
      decision: 'withdrawn',
      decidedById: withdrawal.by.id,
      decidedByName: withdrawal.by.name,
      why: null,
      decidedAt: at,
    });
  }
}
