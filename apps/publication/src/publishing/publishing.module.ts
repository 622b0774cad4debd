import { Module } from '@nestjs/common';
import { ApprovedStoriesConsumer } from './approved-stories.consumer';
import { PublishApproved } from './publish-approved/publish-approved';

/** What editors do to a story once it is approved: role-checked routes and the review events, never public. */
@Module({ controllers: [ApprovedStoriesConsumer], providers: [PublishApproved] })
export class PublishingModule {}
