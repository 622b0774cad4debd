import { Topics } from '@newsroom/contracts';
import { ServiceDefinition } from '@newsroom/platform';
import { ingestionMigrations } from './migrations';
import { IngestionModule } from './ingestion.module';

export const ingestionService: ServiceDefinition = {
  name: 'ingestion',
  database: { entities: [], migrations: ingestionMigrations },
  produces: [Topics.drafts],
  consumes: [Topics.reviews, Topics.articles],
  module: IngestionModule,
};
