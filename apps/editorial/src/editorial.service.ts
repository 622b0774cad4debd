import { Topics } from '@newsroom/contracts';
import { ServiceDefinition } from '@newsroom/platform';
import { editorialMigrations } from './migrations';
import { EditorialModule } from './editorial.module';

export const editorialService: ServiceDefinition = {
  name: 'editorial',
  database: { entities: [], migrations: editorialMigrations },
  produces: [Topics.reviews],
  consumes: [Topics.drafts],
  module: EditorialModule,
};
