import { DraftWithdrawn, EventData } from '@newsroom/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NO_CLAIM, ReviewDecision } from '../review.entity';
import { lockedReview } from '../review-store';
import { admitWithdrawal } from './intake-rules';

export type Withdrawal = EventData<typeof DraftWithdrawn>;

/** The author takes the story back; once an editor has decided, that decision stands. Runs in the inbox's transaction. */
@Injectable()
export class IntakeWithdrawal {
  private readonly logger = new Logger(IntakeWithdrawal.name);

  async execute(tx: EntityManager, withdrawal: Withdrawal): Promise<void> {
    const item = await lockedReview(tx, withdrawal.storyId);
    if (!item) {
      this.logger.log(`story ${withdrawal.storyId} withdrawn before it reached the queue`);
      return;
    }
    const admission = admitWithdrawal(item);
    if (!admission.apply) {
      this.logger.warn(`withdrawal of story ${withdrawal.storyId} ignored: ${admission.reason}`);
      return;
    }
    await tx.save(Object.assign(item, { status: admission.status, ...NO_CLAIM, updatedAt: new Date() }));
    await tx.insert(ReviewDecision, {
      storyId: item.storyId,
      revision: withdrawal.revision,
      decision: 'withdrawn',
      decidedById: withdrawal.by.id,
      decidedByName: withdrawal.by.name,
      why: null,
      decidedAt: new Date(withdrawal.at),
    });
  }
}
