import { StoryTextThreads } from '@newsroom/content';
import { Module } from '@nestjs/common';
import { FeedsModule } from './feeds/feeds.module';
import { PublishingModule } from './publishing/publishing.module';
import { ReadingModule } from './reading/reading.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** Published articles: editors' publishing, the public read API and feeds, and the public topic. */
@Module({ imports: [PublishingModule, ReadingModule, FeedsModule, WebhooksModule], providers: [StoryTextThreads] })
export class PublicationModule {}
