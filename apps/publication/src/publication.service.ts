import { Topics } from '@newsroom/contracts';
import { ServiceDefinition } from '@newsroom/platform';
import { Article, ArticleActionRow, ArticleVersionRow } from './articles/article.entity';
import { publicationMigrations } from './migrations';
import { PublicationModule } from './publication.module';
import { publicationSettings } from './publication.settings';

export const publicationService: ServiceDefinition = {
  name: 'publication',
  database: { entities: [Article, ArticleVersionRow, ArticleActionRow], migrations: publicationMigrations },
  produces: [Topics.articles, Topics.articlesLatest],
  consumes: [Topics.reviews],
  module: PublicationModule,
  settings: publicationSettings,
};
