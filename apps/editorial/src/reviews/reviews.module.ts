import { Module } from '@nestjs/common';
import { DraftEventsConsumer } from './draft-events.consumer';
import { ReviewDesk } from './review-desk';
import { ReviewIntake } from './review-intake';
import { ReviewQueue } from './review-queue';
import { ReviewsController } from './reviews.controller';

/** The review queue: drafts come in from Kafka, editors decide over HTTP, decisions go out through the outbox. */
@Module({
  controllers: [ReviewsController, DraftEventsConsumer],
  providers: [ReviewQueue, ReviewDesk, ReviewIntake],
})
export class ReviewsModule {}
