import { Module } from '@nestjs/common';
import { ClaimReview } from './claim/claim-review';
import { DecideReview } from './decide/decide-review';
import { DiffDesk } from './diff/diff-desk';
import { ReviewDiff } from './diff/review-diff';
import { DraftEventsConsumer } from './draft-events.consumer';
import { ReviewHistory } from './history/review-history';
import { IntakeRevision } from './intake/intake-revision';
import { IntakeWithdrawal } from './intake/intake-withdrawal';
import { ReviewQueue } from './review-queue';
import { ReviewsController } from './reviews.controller';

/** The review queue: drafts come in from Kafka, editors decide over HTTP, decisions go out through the outbox. */
@Module({
  controllers: [ReviewsController, DraftEventsConsumer],
  providers: [ReviewQueue, IntakeRevision, IntakeWithdrawal, ClaimReview, DecideReview, ReviewHistory, ReviewDiff, DiffDesk],
})
export class ReviewsModule {}
