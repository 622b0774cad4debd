import { DraftRevised, EventData } from '@newsroom/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NO_CLAIM, ReviewItem } from '../review.entity';
import { lockedReview } from '../review-store';
import { admitRevision } from './intake-rules';

/** A submitted or revised draft, as newsroom.drafts.v1 carries it. */
export type DraftRevision = EventData<typeof DraftRevised>;

/** A submitted or revised draft reaches the queue: a new item, or the item moves to the newer revision. Runs in the inbox's transaction. */
@Injectable()
export class IntakeRevision {
  private readonly logger = new Logger(IntakeRevision.name);

  async execute(tx: EntityManager, draft: DraftRevision): Promise<void> {
    const item = await lockedReview(tx, draft.storyId);
    const admission = admitRevision(item, draft.revision);
    if (!admission.apply) {
      this.logger.warn(`revision ${draft.revision} of story ${draft.storyId} not queued: ${admission.reason}`);
      return;
    }
    const revision = {
      status: admission.status,
      revision: draft.revision,
      content: draft.content,
      queuedAt: new Date(draft.at),
      updatedAt: new Date(),
    };
    if (item) {
      await tx.save(Object.assign(item, revision));
      return;
    }
    await tx.insert(ReviewItem, {
      storyId: draft.storyId,
      authorId: draft.author.id,
      authorName: draft.author.name,
      ...revision,
      ...NO_CLAIM,
    });
  }
}
