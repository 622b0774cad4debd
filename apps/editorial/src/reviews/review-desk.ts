import { CloudEvent, Person } from '@newsroom/contracts';
import { Outbox } from '@newsroom/messaging';
import { Principal, ProblemException, SERVICE_CONFIG } from '@newsroom/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EditorialConfig } from '../editorial.settings';
import { DecisionKind, ReviewDecision, ReviewItem } from './review.entity';
import { reviewApproved, reviewChangesRequested, reviewClaimed, reviewRejected } from './review-events';
import { ApproveRequest, RejectRequest, RequestChangesRequest } from './review-requests';
import { claimReview, decideReview, EditorDecision, Refusal, ReviewState } from './review-rules';
import { claimOf, ReviewDetail, reviewDetail } from './review-view';
import { decisionHistory, lockReview } from './review-store';

const outcomeOf: Record<EditorDecision, DecisionKind> = { approve: 'approved', requestChanges: 'changes_requested', reject: 'rejected' };

const person = (principal: Principal): Person => ({ id: principal.id, name: principal.name });

function stateOf(item: ReviewItem): ReviewState {
  return { status: item.status, revision: item.revision, authorId: item.authorId, claim: claimOf(item) };
}

function refused(refusal: Refusal): ProblemException {
  const { httpStatus: status, type, title, detail, extensions } = refusal;
  return new ProblemException({ status, type, title, detail, extensions });
}

/**
 * What editors do with the queue: claim a story, then approve it, send it back or reject it.
 * Each change locks the item, so decisions on one story happen one after another, and commits
 * with the event that tells the rest of the newsroom.
 */
@Injectable()
export class ReviewDesk {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: Outbox,
    @Inject(SERVICE_CONFIG) private readonly config: EditorialConfig,
  ) {}

  claim(editor: Principal, storyId: string): Promise<ReviewDetail> {
    return this.db.transaction(async (tx) => {
      const item = await lockReview(tx, storyId);
      const now = new Date();
      const outcome = claimReview(stateOf(item), person(editor), now, this.config.REVIEW_CLAIM_MINUTES);
      if (outcome.refused) throw refused(outcome);
      Object.assign(item, {
        status: outcome.status,
        claimedById: editor.id,
        claimedByName: editor.name,
        claimExpiresAt: outcome.claim.expiresAt,
        updatedAt: now,
      });
      await tx.save(item);
      await this.outbox.append(tx, reviewClaimed(item, person(editor), now, outcome.claim.expiresAt));
      return reviewDetail(item, await decisionHistory(tx, storyId), now);
    });
  }

  approve(editor: Principal, storyId: string, { revision, note }: ApproveRequest): Promise<ReviewDetail> {
    return this.decide(editor, storyId, 'approve', revision, note, (item, at) => reviewApproved(item, person(editor), at, note));
  }

  requestChanges(editor: Principal, storyId: string, { revision, comment }: RequestChangesRequest): Promise<ReviewDetail> {
    return this.decide(editor, storyId, 'requestChanges', revision, comment, (item, at) =>
      reviewChangesRequested(item, person(editor), at, comment),
    );
  }

  reject(editor: Principal, storyId: string, { revision, reason }: RejectRequest): Promise<ReviewDetail> {
    return this.decide(editor, storyId, 'reject', revision, reason, (item, at) => reviewRejected(item, person(editor), at, reason));
  }

  private decide(
    editor: Principal,
    storyId: string,
    decision: EditorDecision,
    revision: number,
    why: string | undefined,
    announce: (item: ReviewItem, at: Date) => CloudEvent,
  ): Promise<ReviewDetail> {
    return this.db.transaction(async (tx) => {
      const item = await lockReview(tx, storyId);
      const now = new Date();
      const outcome = decideReview(stateOf(item), decision, revision, person(editor), now);
      if (outcome.refused) throw refused(outcome);
      Object.assign(item, { status: outcome.status, claimedById: null, claimedByName: null, claimExpiresAt: null, updatedAt: now });
      await tx.save(item);
      await tx.insert(ReviewDecision, {
        storyId,
        revision,
        decision: outcomeOf[decision],
        decidedById: editor.id,
        decidedByName: editor.name,
        why: why ?? null,
        decidedAt: now,
      });
      await this.outbox.append(tx, announce(item, now));
      return reviewDetail(item, await decisionHistory(tx, storyId), now);
    });
  }
}
