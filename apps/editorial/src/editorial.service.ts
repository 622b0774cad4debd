import { Topics } from '@newsroom/contracts';
import { ServiceDefinition } from '@newsroom/platform';
import { editorialMigrations } from './migrations';
import { EditorialModule } from './editorial.module';
import { editorialSettings } from './editorial.settings';
import { ReviewClaim, ReviewDecision, ReviewItem, ReviewRevision } from './reviews/review.entity';

export const editorialService: ServiceDefinition = {
  name: 'editorial',
  database: { entities: [ReviewItem, ReviewDecision, ReviewRevision, ReviewClaim], migrations: editorialMigrations },
  produces: [Topics.reviews],
  consumes: [Topics.drafts],
  module: EditorialModule,
  settings: editorialSettings,
};
