import { Module } from '@nestjs/common';
import { ApprovedStoriesConsumer } from './approved-stories.consumer';
import { ArticleDesk } from './article-desk/article-desk';
import { ArticleDeskController } from './article-desk/article-desk.controller';
import { PublishApproved } from './publish-approved/publish-approved';
import { PurgeKilled } from './purge-killed/purge-killed';
import { ReleaseScheduled } from './release-scheduled/release-scheduled';

/** What editors (and the schedule) do to a story once it is approved: role-checked routes, the review events, the clock; never public. */
@Module({
  controllers: [ApprovedStoriesConsumer, ArticleDeskController],
  providers: [PublishApproved, ArticleDesk, ReleaseScheduled, PurgeKilled],
})
export class PublishingModule {}
