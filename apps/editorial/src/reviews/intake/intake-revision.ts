import { DraftRevised, EventData } from '@newsroom/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NO_CLAIM, ReviewItem, ReviewRevision } from '../review.entity';
import { lockedReview } from '../review-store';
import { admitRevision } from './intake-rules';

/** A submitted or revised draft, as newsroom.drafts.v1 carries it (only a revision may name the version it updates). */
export type DraftRevision = EventData<typeof DraftRevised>;

/**
 * A submitted or revised draft reaches the queue: a new item, or the item moves to the newer
 * revision; every revision admitted is kept whole for diffs and the history. Runs in the inbox's transaction.
 */
@Injectable()
export class IntakeRevision {
  private readonly logger = new Logger(IntakeRevision.name);

  async execute(tx: EntityManager, draft: DraftRevision): Promise<void> {
    const item = await lockedReview(tx, draft.storyId);
    const updatesVersion = draft.updates?.version ?? null;
    const admission = admitRevision(item, draft.revision, updatesVersion !== null);
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
      updatesVersion,
      baseRevision: admission.baseRevision,
    };
    if (item) await tx.save(Object.assign(item, revision));
    else
      await tx.insert(ReviewItem, {
        storyId: draft.storyId,
        authorId: draft.author.id,
        authorName: draft.author.name,
        ...revision,
        ...NO_CLAIM,
      });
    await tx.insert(ReviewRevision, {
      storyId: draft.storyId,
      revision: draft.revision,
      authorId: draft.author.id,
      authorName: draft.author.name,
      content: draft.content,
      submittedAt: revision.queuedAt,
      updatesVersion,
      baseRevision: admission.baseRevision,
    });
  }
}
