import { Person, Refusal } from '@newsroom/contracts';
import { Outbox } from '@newsroom/messaging';
import { SERVICE_CONFIG } from '@newsroom/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EditorialConfig } from '../../editorial.settings';
import { reviewClaimed } from '../review-events';
import { decisionHistory, reviewState, reviewToChange } from '../review-store';
import { ReviewDetail, reviewDetail } from '../review-view';
import { claimStory } from './claim-rules';

export interface ClaimReviewCommand {
  editor: Person;
  storyId: string;
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
