import { Topics } from '@newsroom/contracts';
import { ServiceDefinition } from '@newsroom/platform';
import { Draft, DraftFeedback, DraftRevision, IdempotencyKey } from './drafts/draft.entity';
import { ingestionMigrations } from './migrations';
import { WireItem, WireSource } from './wires/wire-source.entity';
import { ingestionSettings } from './ingestion.settings';
import { IngestionModule } from './ingestion.module';

export const ingestionService: ServiceDefinition = {
  name: 'ingestion',
  database: { entities: [Draft, DraftRevision, DraftFeedback, IdempotencyKey, WireSource, WireItem], migrations: ingestionMigrations },
  produces: [Topics.drafts],
  consumes: [Topics.reviews, Topics.articles],
  module: IngestionModule,
  settings: ingestionSettings,
};
