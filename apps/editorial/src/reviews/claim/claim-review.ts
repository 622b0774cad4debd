import { Person, Refusal } from '@newsroom/contracts';
import { Outbox } from '@newsroom/messaging';
import { SERVICE_CONFIG } from '@newsroom/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EditorialConfig } from '../../editorial.settings';
import { ReviewClaim, ReviewItem } from '../review.entity';
import { reviewClaimed } from '../review-events';
import { liveClaim } from '../review-rules';
import { claimOf, decisionHistory, reviewState, reviewToChange } from '../review-store';
import { ReviewDetail, reviewDetail } from '../review-view';
import { claimStory } from './claim-rules';

export interface ClaimReviewCommand {
  editor: Person;
  storyId: string;
}

/** The history's line for the claim: a new one, or the editor's live claim with its end moved (an extension). */
async function recordClaim(tx: EntityManager, item: ReviewItem, editor: Person, now: Date, until: Date): Promise<void> {
  const held = liveClaim({ claim: claimOf(item) }, now);
  if (held?.editor.id === editor.id) {
    const extended = await tx
      .createQueryBuilder()
      .update(ReviewClaim)
      .set({ claimedUntil: until })
      .where('id = (SELECT max(id) FROM "editorial".review_claims WHERE story_id = :story AND claimed_by_id = :editor)', {
        story: item.storyId,
        editor: editor.id,
      })
      .execute();
    if (extended.affected) return;
  }
  await tx.insert(ReviewClaim, {
    storyId: item.storyId,
    revision: item.revision,
    claimedById: editor.id,
    claimedByName: editor.name,
    claimedAt: now,
    claimedUntil: until,
  });
}

/** An editor takes a story off the queue for REVIEW_CLAIM_MINUTES (or extends their hold), and the newsroom hears of it. */
@Injectable()
export class ClaimReview {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: Outbox,
    @Inject(SERVICE_CONFIG) private readonly config: EditorialConfig,
  ) {}

  execute({ editor, storyId }: ClaimReviewCommand): Promise<ReviewDetail> {
    return this.db.transaction(async (tx) => {
      const item = await reviewToChange(tx, storyId);
      const now = new Date();
      const outcome = claimStory(reviewState(item), editor, now, this.config.REVIEW_CLAIM_MINUTES);
      if (outcome instanceof Refusal) throw outcome;
      const { claim } = outcome;
      await recordClaim(tx, item, editor, now, claim.expiresAt);
      Object.assign(item, {
        status: outcome.status,
        claimedById: claim.editor.id,
        claimedByName: claim.editor.name,
        claimExpiresAt: claim.expiresAt,
        updatedAt: now,
      });
      await tx.save(item);
      await this.outbox.append(tx, reviewClaimed(item, editor, now, claim.expiresAt));
      return reviewDetail(item, await decisionHistory(tx, storyId), now);
    });
  }
}
