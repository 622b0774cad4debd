import { Module } from '@nestjs/common';
import { ArticleQueries } from './article-queries';
import { ArticlesController } from './articles.controller';

/** The public read API: no route here is role-checked. */
@Module({ controllers: [ArticlesController], providers: [ArticleQueries] })
export class ReadingModule {}
