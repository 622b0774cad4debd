import { Topics } from '@newsroom/contracts';
import { ServiceDefinition } from '@newsroom/platform';
import { publicationMigrations } from './migrations';
import { PublicationModule } from './publication.module';

export const publicationService: ServiceDefinition = {
  name: 'publication',
  database: { entities: [], migrations: publicationMigrations },
  produces: [Topics.articles],
  consumes: [Topics.reviews],
  module: PublicationModule,
};
