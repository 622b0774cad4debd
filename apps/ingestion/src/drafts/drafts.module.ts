import { Module } from '@nestjs/common';
import { DraftDesk } from './draft-desk';
import { DraftsController } from './drafts.controller';
import { StoryProgressConsumer } from './story-progress.consumer';

@Module({ controllers: [DraftsController, StoryProgressConsumer], providers: [DraftDesk] })
export class DraftsModule {}
