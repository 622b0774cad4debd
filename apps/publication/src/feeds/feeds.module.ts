import { Module } from '@nestjs/common';
import { FeedArticles } from './feed-articles';
import { FeedsController } from './feeds.controller';
import { NewsFeeds } from './news-feeds';

/** The public feeds: no route here is role-checked. */
@Module({ controllers: [FeedsController], providers: [FeedArticles, NewsFeeds] })
export class FeedsModule {}
