import { Module } from '@nestjs/common';
import { ApprovedStoriesConsumer } from './approved-stories.consumer';
import { ArticlesController } from './articles.controller';

@Module({ controllers: [ArticlesController, ApprovedStoriesConsumer] })
export class ArticlesModule {}
