import { CloudEvent, DECISION_OUTCOMES, Person, Refusal } from '@newsroom/contracts';
import { Outbox } from '@newsroom/messaging';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NO_CLAIM, ReviewDecision, ReviewItem } from '../review.entity';
import { reviewApproved, reviewChangesRequested, reviewRejected } from '../review-events';
import { decisionHistory, reviewState, reviewToChange } from '../review-store';
import { ReviewDetail, reviewDetail } from '../review-view';
import { Decision } from './decision-requests';
import { decideRevision } from './decision-rules';

export interface DecideReviewCommand {
  editor: Person;
  storyId: string;
  decision: Decision;
}

/** The decision's why as the history keeps it, and the event that tells the rest of the newsroom. */
function recordOf(decision: Decision, item: ReviewItem, editor: Person, at: Date): { why: string | null; event: CloudEvent } {
  switch (decision.kind) {
    case 'approve':
      return { why: decision.note ?? null, event: reviewApproved(item, editor, at, decision.note, decision.publishAt) };
    case 'requestChanges':
      return { why: decision.comment, event: reviewChangesRequested(item, editor, at, decision.comment) };
    case 'reject':
      return { why: decision.reason, event: reviewRejected(item, editor, at, decision.reason) };
  }
}

/**
 * An editor approves the revision they read, sends it back or rejects it. The item stays locked
 * until the decision commits with its event, so two decisions on one story happen one after the other.
 */
@Injectable()
export class DecideReview {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: Outbox,
  ) {}

  execute({ editor, storyId, decision }: DecideReviewCommand): Promise<ReviewDetail> {
    return this.db.transaction(async (tx) => {
      const item = await reviewToChange(tx, storyId);
      const now = new Date();
      const publishAt = decision.kind === 'approve' ? decision.publishAt : undefined;
      const outcome = decideRevision(reviewState(item), decision.kind, decision.revision, editor, now, publishAt);
      if (outcome instanceof Refusal) throw outcome;
      await tx.save(Object.assign(item, { status: outcome.status, ...NO_CLAIM, updatedAt: now }));
      const { why, event } = recordOf(decision, item, editor, now);
      await tx.insert(ReviewDecision, {
        storyId,
        revision: decision.revision,
        decision: DECISION_OUTCOMES[decision.kind],
        decidedById: editor.id,
        decidedByName: editor.name,
        why,
        decidedAt: now,
        publishAt: publishAt === undefined ? null : new Date(publishAt),
      });
      await this.outbox.append(tx, event);
      return reviewDetail(item, await decisionHistory(tx, storyId), now);
    });
  }
}
